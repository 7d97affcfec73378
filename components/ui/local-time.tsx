"use client";

import { useSyncExternalStore } from "react";

export type TimeFormat = "datetime" | "date" | "time";

const OPTIONS: Record<TimeFormat, Intl.DateTimeFormatOptions> = {
  datetime: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" },
  date: { day: "numeric", month: "short", year: "numeric" },
  time: { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" },
};

// Built once per format and zone: constructing an Intl.DateTimeFormat is the expensive part of
// formatting a date (bench: render), and a list may show hundreds of times.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(format: TimeFormat, timeZone: "UTC" | "local"): Intl.DateTimeFormat {
  const key = `${format}:${timeZone}`;
  let built = formatters.get(key);
  if (!built)
    formatters.set(
      key,
      (built = new Intl.DateTimeFormat("en-GB", timeZone === "UTC" ? { ...OPTIONS[format], timeZone: "UTC" } : OPTIONS[format])),
    );
  return built;
}

/** `date` as the server shows it: in UTC, and saying so (dates alone need no zone). */
export function formatUtc(date: Date, format: TimeFormat = "datetime"): string {
  return formatter(format, "UTC").format(date);
}

/** `date` in the reader's own time zone (the browser's). */
export function formatLocal(date: Date, format: TimeFormat = "datetime"): string {
  return formatter(format, "local").format(date);
}

const noSubscription = () => () => {};

/**
 * A moment shown in the reader's time zone. The server does not know that zone, so the server
 * render (and hydration, which must match it) says the time in UTC, with "UTC" in the text; right
 * after hydration the browser's own zone takes over. The exact UTC moment is in `dateTime`.
 */
export function LocalTime({
  date,
  format = "datetime",
  className,
}: {
  date: Date | string | number;
  format?: TimeFormat;
  className?: string;
}) {
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const moment = new Date(date);
  if (Number.isNaN(moment.getTime())) return null;
  return (
    <time dateTime={moment.toISOString()} className={className} title={inBrowser ? `${formatUtc(moment, "datetime")}` : undefined}>
      {inBrowser ? formatLocal(moment, format) : formatUtc(moment, format)}
    </time>
  );
}
