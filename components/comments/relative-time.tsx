"use client";

import { useSyncExternalStore } from "react";
import { formatUtc } from "@/components/ui/local-time";

const MINUTE = 60_000;

// Formatters are built once: toLocaleString with options builds a new Intl.DateTimeFormat per
// call, which made the timestamps of a page's comments the largest single cost of rendering it
// on the server (bench: render, CPU profile).
const EXACT = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const DAY_MONTH = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });
const DAY_MONTH_YEAR = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function formatRelative(iso: string, now: number): string {
  const then = new Date(iso).getTime();
  const diff = Math.max(0, now - then);
  if (diff < MINUTE) return "just now";
  if (diff < 60 * MINUTE) return `${Math.floor(diff / MINUTE)} min ago`;
  if (diff < 24 * 60 * MINUTE) return `${Math.floor(diff / (60 * MINUTE))} h ago`;
  const days = Math.floor(diff / (24 * 60 * MINUTE));
  if (days === 1) return "yesterday";
  if (days < 7) return `${days} days ago`;
  return (new Date(iso).getFullYear() === new Date(now).getFullYear() ? DAY_MONTH : DAY_MONTH_YEAR).format(new Date(iso));
}

export function formatExact(iso: string): string {
  return EXACT.format(new Date(iso));
}

// One shared minute clock for every timestamp on screen.
let clock = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(() => {
      clock = Date.now();
      listeners.forEach((l) => l());
    }, 30_000);
  }
  clock = Date.now();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** A timestamp shown relative to now (kept current), with the exact time on hover. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  // On the server (and during hydration) there is no shared "now", nor the reader's time zone:
  // the exact time is rendered first, in UTC and saying so; the browser then shows it relative,
  // with the exact time in its own zone on hover.
  const now = useSyncExternalStore(
    subscribe,
    () => clock,
    () => null,
  );
  return (
    <time dateTime={iso} title={now === null ? undefined : formatExact(iso)} className={className}>
      {now === null ? formatUtc(new Date(iso)) : formatRelative(iso, now)}
    </time>
  );
}
