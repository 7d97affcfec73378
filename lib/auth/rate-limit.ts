import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type IRateLimiterOptions } from "rate-limiter-flexible";
import { config } from "@/lib/env";
import { logger } from "@/lib/logger";

/**
 * Password guessing is budgeted so that nobody can lock a known account out from anywhere:
 *
 * - per (address, account): AUTH_RATE_LIMIT attempts per 15 minutes. A guessing address is shut
 *   out of that account; the owner at another address is not.
 * - per address, over all accounts: four times that in failed attempts, so one address cannot try
 *   a common password on every account (a successful sign-in gives its attempt back: colleagues
 *   behind one office address are not counted against each other for signing in).
 * - per account, over all addresses: never a lock. Past four times AUTH_RATE_LIMIT failures in
 *   the window, each attempt on the account waits a little longer before its password is checked
 *   (at most MAX_SLOWDOWN_MS), which blunts guessing spread over many addresses while the owner
 *   still gets in.
 */
const WINDOW_SECONDS = 15 * 60;
const FACTOR = 4;
const SLOWDOWN_STEP_MS = 250;
const MAX_SLOWDOWN_MS = 5_000;
/** Password reset mails one address (e-mail) may receive per hour, whoever asks. */
const RESET_MAILS_PER_HOUR = 3;

/**
 * `address` is the per-(address, account) budget, keyed by the caller; `account` is a budget per
 * account for checks made inside a signed-in session (a wrong current password when changing
 * it), where a lock keeps nobody else out.
 */
type Scope = "address" | "account";
const LIMITER_NAMES = ["address", "account", "any-account", "account-failures", "reset-address", "reset-email"] as const;
type LimiterName = (typeof LIMITER_NAMES)[number];
export type AuthLimiters = Record<LimiterName, RateLimiterAbstract>;

function budgets(): Record<LimiterName, IRateLimiterOptions> {
  return {
    address: { points: config.authRateLimit, duration: WINDOW_SECONDS },
    account: { points: config.authRateLimit * FACTOR, duration: WINDOW_SECONDS },
    "any-account": { points: config.authRateLimit * FACTOR, duration: WINDOW_SECONDS },
    // Only counts (it never refuses): past FACTOR × AUTH_RATE_LIMIT, attempts slow down.
    "account-failures": { points: Number.MAX_SAFE_INTEGER, duration: WINDOW_SECONDS },
    "reset-address": { points: config.authRateLimit, duration: WINDOW_SECONDS },
    "reset-email": { points: RESET_MAILS_PER_HOUR, duration: 60 * 60 },
  };
}

/**
 * The budgets, kept in this process's memory, or with `redis` in Redis so that several instances
 * (issue 20) count one budget: otherwise each instance behind a load balancer would grant its own.
 * While Redis cannot be reached, each instance falls back to counting in its own memory (a
 * guesser gains at most one budget per instance) rather than refusing every sign-in.
 */
export function createAuthLimiters(redis?: { client: Redis; keyPrefix: string }): AuthLimiters {
  const all = budgets();
  return Object.fromEntries(
    LIMITER_NAMES.map((name) => {
      const memory = new RateLimiterMemory(all[name]);
      if (!redis) return [name, memory];
      return [
        name,
        new RateLimiterRedis({
          ...all[name],
          storeClient: redis.client,
          keyPrefix: `${redis.keyPrefix}:${name}`,
          rejectIfRedisNotReady: true,
          insuranceLimiter: memory,
        }),
      ];
    }),
  ) as AuthLimiters;
}

const registry = globalThis as typeof globalThis & { __opinioAuthLimiters?: AuthLimiters };

function limiterRedis(url: string): Redis {
  // No offline queue: while Redis is away a count fails at once and the memory fallback answers.
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  client.on("error", (error: Error) => logger.warn({ err: error }, "rate limits: Redis unreachable, counting in memory"));
  return client;
}

function limiter(name: LimiterName): RateLimiterAbstract {
  registry.__opinioAuthLimiters ??= process.env.REDIS_URL
    ? createAuthLimiters({ client: limiterRedis(process.env.REDIS_URL), keyPrefix: "opinio:auth" })
    : createAuthLimiters();
  return registry.__opinioAuthLimiters[name];
}

async function consume(name: LimiterName, key: string): Promise<boolean> {
  try {
    await limiter(name).consume(key);
    return true;
  } catch {
    return false;
  }
}

/** Counts one attempt for `key`; false once the key is over its budget for the window. */
export async function consumeAuthAttempt(key: string, scope: Scope = "address"): Promise<boolean> {
  return consume(scope, key);
}

export async function resetAuthAttempts(key: string, scope: Scope = "address"): Promise<void> {
  await limiter(scope).delete(key);
}

function pairKey(email: string, address: string): string {
  return `${address}:${email}`;
}

/**
 * Admits one password sign-in for `email` from `address`, or refuses it (false) when that address
 * is out of attempts for this account or over all accounts. Attempts are counted before the
 * password is checked, so parallel guesses cannot slip past the budget. An account that many
 * addresses are guessing at is slowed down here, never refused.
 */
export async function admitSignInAttempt(email: string, address: string): Promise<boolean> {
  if (!(await consume("any-account", address))) return false;
  if (!(await consume("address", pairKey(email, address)))) return false;
  const failures = (await limiter("account-failures").get(email))?.consumedPoints ?? 0;
  const excess = failures - config.authRateLimit * FACTOR;
  if (excess > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_SLOWDOWN_MS, excess * SLOWDOWN_STEP_MS)));
  return true;
}

/** A wrong password for an existing account: counts towards slowing down attempts on it. */
export async function recordSignInFailure(email: string): Promise<void> {
  await limiter("account-failures").penalty(email, 1);
}

/**
 * A successful sign-in clears its (address, account) budget and gives the address its attempt
 * back. The account's failure count stays: the owner signing in does not end someone else's
 * guessing, which keeps being slowed down.
 */
export async function recordSignInSuccess(email: string, address: string): Promise<void> {
  await limiter("address").delete(pairKey(email, address));
  await limiter("any-account").reward(address, 1);
}

/**
 * Budgets for password reset requests. `address` is refused outright past AUTH_RATE_LIMIT
 * requests per 15 minutes (the caller is told: 429); past RESET_MAILS_PER_HOUR for one e-mail,
 * `email` means "answer as always, but send nothing", so nobody can flood a mailbox with reset
 * mails, and the answer still does not tell whether the account exists.
 */
export async function admitPasswordResetRequest(email: string, address: string): Promise<"ok" | "address" | "email"> {
  if (!(await consume("reset-address", address))) return "address";
  if (!(await consume("reset-email", email))) return "email";
  return "ok";
}
