import { RateLimiterMemory } from "rate-limiter-flexible";
import { config } from "@/lib/env";

/**
 * Sign-in attempts are budgeted twice: per (address, account), AUTH_RATE_LIMIT per 15 minutes,
 * and per account alone, four times that, so rotating addresses does not buy an attacker more
 * guesses at one password while a colleague on the same office address is not locked out.
 */
type Scope = "address" | "account";

const ACCOUNT_FACTOR = 4;
const registry = globalThis as typeof globalThis & { __opinioAuthLimiters?: Record<Scope, RateLimiterMemory> };

function limiter(scope: Scope): RateLimiterMemory {
  registry.__opinioAuthLimiters ??= {
    address: new RateLimiterMemory({ points: config.authRateLimit, duration: 15 * 60 }),
    account: new RateLimiterMemory({ points: config.authRateLimit * ACCOUNT_FACTOR, duration: 15 * 60 }),
  };
  return registry.__opinioAuthLimiters[scope];
}

/** Counts one attempt for `key`; false once the key is over its budget for the window. */
export async function consumeAuthAttempt(key: string, scope: Scope = "address"): Promise<boolean> {
  try {
    await limiter(scope).consume(key);
    return true;
  } catch {
    return false;
  }
}

export async function resetAuthAttempts(key: string, scope: Scope = "address"): Promise<void> {
  await limiter(scope).delete(key);
}
