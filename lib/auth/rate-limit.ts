import { RateLimiterMemory } from "rate-limiter-flexible";
import { config } from "@/lib/env";

const registry = globalThis as typeof globalThis & { __opinioAuthLimiter?: RateLimiterMemory };

function limiter(): RateLimiterMemory {
  registry.__opinioAuthLimiter ??= new RateLimiterMemory({ points: config.authRateLimit, duration: 15 * 60 });
  return registry.__opinioAuthLimiter;
}

/** Counts one attempt for `key`; false once the key is over its budget for the window. */
export async function consumeAuthAttempt(key: string): Promise<boolean> {
  try {
    await limiter().consume(key);
    return true;
  } catch {
    return false;
  }
}

export async function resetAuthAttempts(key: string): Promise<void> {
  await limiter().delete(key);
}
