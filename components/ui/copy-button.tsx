"use client";

import { useEffect, useState } from "react";
import { Button, Input } from "./form";

const COPIED_FOR_MS = 2500;

/**
 * Copies `text` to the clipboard and says so on the button for a moment ("Copied"), with the
 * outcome also announced to screen readers. When the browser refuses (no permission, or an
 * insecure origin: the Clipboard API needs https or localhost), it says to copy by hand.
 */
export function CopyButton({ text, label = "Copy", what, testId }: { text: string; label?: string; what: string; testId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state !== "copied") return;
    const timer = setTimeout(() => setState("idle"), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  // A fragment: the button sits in its caller's row; the live region takes no room.
  return (
    <>
      <Button
        type="button"
        variant="secondary"
        onClick={() => void copy()}
        aria-label={state === "copied" ? `${what} copied` : `${label} ${what}`}
        data-testid={testId}
        data-state={state}
        className="shrink-0"
      >
        {state === "copied" ? "Copied ✓" : label}
      </Button>
      <span role="status" className="sr-only">
        {state === "copied" ? `${what} copied to the clipboard` : state === "failed" ? `Could not copy the ${what}` : ""}
      </span>
      {state === "failed" ? <span className="text-xs text-red-800">Could not copy: select the text and copy it by hand.</span> : null}
    </>
  );
}

/**
 * A secret or link shown once to pass on: read-only, selected whole on focus, with a Copy button
 * beside it. `label` names the field for assistive technology.
 */
export function CopyField({
  value,
  label,
  what,
  testId,
  copyTestId,
  className = "",
}: {
  value: string;
  label: string;
  what: string;
  testId: string;
  copyTestId: string;
  className?: string;
}) {
  return (
    <div className={`flex items-center gap-2 ${className}`}>
      <Input readOnly value={value} className="min-w-0" aria-label={label} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
      <CopyButton text={value} what={what} testId={copyTestId} />
    </div>
  );
}
