"use client";

import { useId, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/form";

export type MemberOption = { id: string; name: string };

/** The text that mentions a member: their name without spaces, which lib/comments/mentions.ts resolves to them. */
export function mentionHandle(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]/gu, "");
}

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

type Props = {
  label: string;
  placeholder?: string;
  submitLabel: string;
  maxLength: number;
  members: MemberOption[];
  initialBody?: string;
  autoFocus?: boolean;
  /** Shrinks to one line until focused (reply boxes). */
  collapsible?: boolean;
  onSubmit: (body: string) => Promise<void>;
  onCancel?: () => void;
  testId?: string;
};

/**
 * A comment text box: refuses empty text and shows the length limit as it nears, sends with
 * Ctrl+Enter (⌘+Enter), cancels with Escape, and offers members when typing "@".
 */
export function CommentComposer({
  label,
  placeholder,
  submitLabel,
  maxLength,
  members,
  initialBody = "",
  autoFocus,
  collapsible,
  onSubmit,
  onCancel,
  testId,
}: Props) {
  const [body, setBody] = useState(initialBody);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState(!collapsible || !!initialBody);
  const [mention, setMention] = useState<{ start: number; query: string; index: number } | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const listId = useId();

  const trimmed = body.trim();
  const tooLong = trimmed.length > maxLength;
  const canSend = !busy && trimmed.length > 0 && !tooLong;

  // Grows with its text, up to a limit.
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    // A folded, empty reply box is one row high as it is: measuring it forced a layout of the page
    // per thread card while the page hydrated (each write below undoes the previous read).
    if (!expanded && !body) {
      el.style.height = "";
      return;
    }
    el.style.height = "auto";
    // Not laid out (the comments drawer is closed): its natural height will do until it grows.
    if (el.scrollHeight === 0) return;
    el.style.height = `${Math.min(el.scrollHeight + 2, 320)}px`;
  }, [body, expanded]);

  useLayoutEffect(() => {
    if (!autoFocus) return;
    const el = area.current;
    el?.focus();
    el?.setSelectionRange(el.value.length, el.value.length);
  }, [autoFocus]);

  const suggestions = mention
    ? members
        .filter((m) => {
          const q = squash(mention.query);
          return !q || squash(m.name).startsWith(q) || m.name.split(/\s+/).some((part) => squash(part).startsWith(q));
        })
        .slice(0, 6)
    : [];

  function updateMention(value: string, caret: number) {
    const before = value.slice(0, caret);
    const match = /(?:^|[^\w@])@([\p{L}\p{N}._-]{0,40})$/u.exec(before);
    setMention(match ? { start: caret - match[1].length - 1, query: match[1], index: 0 } : null);
  }

  function choose(member: MemberOption) {
    if (!mention || !area.current) return;
    const caret = area.current.selectionStart;
    const insert = `@${mentionHandle(member.name)} `;
    const next = body.slice(0, mention.start) + insert + body.slice(caret);
    setBody(next);
    setMention(null);
    const position = mention.start + insert.length;
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(position, position);
    });
  }

  async function submit() {
    if (!trimmed) return setError("Write something first.");
    if (tooLong) return setError(`A comment is at most ${maxLength.toLocaleString("en")} characters.`);
    setBusy(true);
    setError(null);
    try {
      await onSubmit(trimmed);
      setBody("");
      setMention(null);
      if (collapsible) setExpanded(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  function cancel() {
    setBody(initialBody);
    setError(null);
    setMention(null);
    if (collapsible) setExpanded(false);
    onCancel?.();
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLTextAreaElement>) {
    if (mention && suggestions.length > 0) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setMention({ ...mention, index: (mention.index + step + suggestions.length) % suggestions.length });
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(suggestions[Math.min(mention.index, suggestions.length - 1)]);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setMention(null);
        return;
      }
    }
    if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === "Escape") {
      event.preventDefault();
      cancel();
    }
  }

  const showCount = trimmed.length > maxLength * 0.8;
  return (
    <form
      className="space-y-1.5"
      data-testid={testId}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="relative">
        <textarea
          ref={area}
          aria-label={label}
          placeholder={placeholder}
          value={body}
          rows={expanded ? 3 : 1}
          disabled={busy}
          onFocus={() => setExpanded(true)}
          onChange={(event) => {
            setBody(event.target.value);
            if (error) setError(null);
            updateMention(event.target.value, event.target.selectionStart);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setMention(null), 150)}
          aria-invalid={tooLong || undefined}
          aria-autocomplete="list"
          aria-controls={suggestions.length ? listId : undefined}
          className={`block w-full resize-none rounded-md border bg-white px-2.5 py-1.5 text-sm leading-snug shadow-sm focus:outline-none focus:ring-2 ${tooLong ? "border-red-400 focus:ring-red-300/40" : "border-stone-300 focus:border-orange-800 focus:ring-orange-800/20"}`}
        />
        {mention && suggestions.length > 0 ? (
          <ul
            id={listId}
            role="listbox"
            aria-label="Mention a member"
            className="absolute left-0 right-0 top-full z-20 mt-1 overflow-hidden rounded-md border border-stone-200 bg-white py-1 text-sm shadow-lg"
          >
            {suggestions.map((member, i) => (
              <li
                key={member.id}
                role="option"
                aria-selected={i === mention.index}
                className={`cursor-pointer px-2.5 py-1 ${i === mention.index ? "bg-orange-50 text-orange-950" : "text-stone-700"}`}
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(member);
                }}
              >
                {member.name} <span className="text-xs text-stone-500">@{mentionHandle(member.name)}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
      {expanded ? (
        <div className="flex items-center gap-2">
          <span className={`mr-auto text-xs ${tooLong ? "font-medium text-red-700" : "text-stone-500"}`} aria-live="polite">
            {showCount ? `${trimmed.length.toLocaleString("en")} / ${maxLength.toLocaleString("en")}` : "**bold** *italic* @name"}
          </span>
          {onCancel || collapsible ? (
            <Button type="button" variant="ghost" className="px-2! py-1! text-xs" onClick={cancel}>
              Cancel
            </Button>
          ) : null}
          <Button type="submit" className="px-2.5! py-1! text-xs" disabled={!canSend} title="Ctrl+Enter">
            {busy ? "Sending…" : submitLabel}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
