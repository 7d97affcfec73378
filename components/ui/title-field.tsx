"use client";

import { useEffect, useId, useRef, useState, type InputHTMLAttributes } from "react";
import { MAX_TITLE_LENGTH } from "@/lib/validations/limits";
import { Input } from "./form";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "defaultValue" | "maxLength" | "onChange"> & {
  name: string;
  defaultValue?: string;
  /** A visible label; without one, give `aria-label`. */
  label?: string;
  hint?: string;
};

/**
 * A page title input that says when the title is too long, instead of maxLength, which silently
 * cuts a pasted title short. The title is kept whole in the field and the form cannot be sent
 * until it fits (the server refuses it too, with the same limit).
 */
export function TitleField({ name, defaultValue = "", label, hint, ...inputProps }: Props) {
  const [value, setValue] = useState(defaultValue);
  const id = useId();
  const hintId = `${id}-hint`;
  const messageId = `${id}-length`;
  // The server trims the title before checking it; so does this.
  const excess = value.trim().length - MAX_TITLE_LENGTH;
  const input = useRef<HTMLInputElement>(null);
  const message =
    excess > 0 ? `${excess} character${excess === 1 ? "" : "s"} too long: a title is at most ${MAX_TITLE_LENGTH} characters.` : "";
  // Blocks submitting until the title fits; the browser's bubble then says the same as the text below.
  useEffect(() => input.current?.setCustomValidity(message), [message]);
  return (
    <div className="min-w-0 flex-1 space-y-1">
      {label ? (
        <label htmlFor={id} className="block text-sm font-medium text-stone-700">
          {label}
        </label>
      ) : null}
      <Input
        {...inputProps}
        id={id}
        name={name}
        value={value}
        ref={input}
        onChange={(event) => setValue(event.target.value)}
        aria-invalid={excess > 0 || undefined}
        aria-describedby={[hint ? hintId : "", messageId].filter(Boolean).join(" ")}
      />
      {hint ? (
        <span id={hintId} className="block text-xs text-stone-500">
          {hint}
        </span>
      ) : null}
      <p id={messageId} aria-live="polite" className="text-sm text-red-800 empty:hidden" data-testid="title-length-message">
        {message}
      </p>
    </div>
  );
}
