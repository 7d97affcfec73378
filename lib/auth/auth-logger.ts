import type { Logger } from "pino";
import { logger as appLogger } from "@/lib/logger";

/** What next-auth's `logger` option takes (@auth/core's LoggerInstance). */
type AuthLogger = { error: (error: Error) => void; warn: (code: string) => void; debug: (message: string, metadata?: unknown) => void };

// next-auth reports a refused password as an error with its stack; for Opinio it is an everyday
// event (and already in the audit log), worth one line, not an alarm.
const EVERYDAY_REFUSALS = new Set(["CredentialsSignin", "AccessDenied"]);

/**
 * next-auth's messages through our structured logger: a refused sign-in is one info line without
 * a stack trace (the rate-limited kind a warning), anything else an error with its stack.
 */
export function createAuthLogger(log: Pick<Logger, "info" | "warn" | "error" | "debug"> = appLogger): AuthLogger {
  return {
    error(error) {
      const type = (error as { type?: string }).type ?? error.name;
      if (EVERYDAY_REFUSALS.has(type)) {
        const code = (error as { code?: string }).code;
        if (code === "rate_limited") log.warn({ auth: type, code }, "sign-in refused: too many attempts");
        else
          log.info(
            { auth: type },
            type === "AccessDenied" ? "sign-in refused: no Opinio account for this identity" : "sign-in refused: wrong e-mail or password",
          );
        return;
      }
      log.error({ err: error, auth: type }, "authentication error");
    },
    warn(code) {
      log.warn({ auth: code }, "authentication warning");
    },
    debug(message, metadata) {
      log.debug({ auth: metadata }, message);
    },
  };
}
