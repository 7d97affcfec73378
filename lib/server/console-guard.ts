import { logger } from "@/lib/logger";

/**
 * Libraries in the server (Hocuspocus among them) report every malformed collab frame with
 * console.error, stack trace included. Writes to a pipe are synchronous on Linux, so a client
 * sending garbage could make the server spend its time logging. This sends console.error and
 * console.warn through the structured logger, at most `perSecond` lines a second; the rest are
 * counted and reported once a second as one line.
 */
export function guardConsole(perSecond = 20): void {
  let windowStart = Date.now();
  let written = 0;
  let suppressed = 0;
  const flush = () => {
    if (suppressed > 0) logger.warn({ suppressed }, "console messages suppressed (rate limit)");
    suppressed = 0;
  };
  const timer = setInterval(flush, 1_000);
  timer.unref();
  const limited =
    (level: "error" | "warn") =>
    (...args: unknown[]) => {
      if (isExpectedNotice(args[0])) return;
      const now = Date.now();
      if (now - windowStart >= 1_000) {
        windowStart = now;
        written = 0;
      }
      if (written >= perSecond) {
        suppressed++;
        return;
      }
      written++;
      const [first, ...rest] = args;
      if (first instanceof Error) logger[level]({ err: first, extra: rest.length ? rest.map(String) : undefined }, "console");
      else logger[level]({ extra: rest.length ? rest.map((a) => (a instanceof Error ? a.message : String(a))) : undefined }, String(first));
    };
  console.error = limited("error");
  console.warn = limited("warn");
}

/**
 * Yjs warns when a second copy of itself loads. Here that is by design: Next bundles its own Yjs
 * for route code, which only ever builds standalone documents, while live documents belong to the
 * collab server's copy (see next.config.js). Logged at error level on every start, it would only
 * teach operators to ignore errors.
 */
function isExpectedNotice(first: unknown): boolean {
  return typeof first === "string" && first.startsWith("Yjs was already imported");
}
