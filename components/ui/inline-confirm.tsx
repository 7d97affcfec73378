"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "./form";

/**
 * A button that asks in place before something consequential, instead of the browser's
 * confirm(), which blocks every tab's scripts and cannot say much. The first press shows the
 * question with the confirming control (`children`, e.g. a submit button or a link) and Cancel;
 * focus moves to the confirming control, and Cancel or Escape brings it back to the button.
 */
export function InlineConfirm({
  label,
  question,
  children,
  variant = "danger",
  testId,
}: {
  label: string;
  question: ReactNode;
  children: ReactNode;
  variant?: "primary" | "danger" | "secondary";
  testId?: string;
}) {
  const [asking, setAsking] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const group = useRef<HTMLDivElement>(null);
  const questionId = useId();
  // Only a cancel returns focus to the button; the first render must not steal it.
  const returnFocus = useRef(false);

  useEffect(() => {
    if (asking) group.current?.querySelector<HTMLElement>("a[href], button:not([disabled])")?.focus();
    else if (returnFocus.current) trigger.current?.focus();
    returnFocus.current = false;
  }, [asking]);

  const cancel = () => {
    returnFocus.current = true;
    setAsking(false);
  };

  if (!asking) {
    return (
      <Button ref={trigger} type="button" variant={variant} onClick={() => setAsking(true)} data-testid={testId}>
        {label}
      </Button>
    );
  }
  return (
    <div
      ref={group}
      role="group"
      aria-labelledby={questionId}
      className="flex flex-wrap items-center gap-2 rounded-md border border-stone-300 bg-stone-50 px-3 py-2 text-sm"
      onKeyDown={(event) => {
        if (event.key === "Escape") cancel();
      }}
      data-testid={testId ? `${testId}-confirm` : undefined}
    >
      <p id={questionId} className="text-stone-800">
        {question}
      </p>
      {children}
      <Button type="button" variant="secondary" onClick={cancel}>
        Cancel
      </Button>
    </div>
  );
}
