import pino from "pino";

/** Structured logs to stdout; LOG_LEVEL sets the threshold (default info, silent in tests if set). */
export const logger = pino({ level: process.env.LOG_LEVEL || "info", base: undefined });
