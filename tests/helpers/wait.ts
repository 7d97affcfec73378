/**
 * Retries an assertion until it passes or the time is up (collab effects arrive asynchronously).
 * 20 s by default: a first sync after a server start took over 10 s on a machine at load 9.
 */
export async function waitFor<T>(check: () => T | Promise<T>, { timeout = 20_000, interval = 20 } = {}): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/**
 * Asserts that `check` keeps passing for `ms`, checking it all along (and failing at the first
 * miss). For what must *not* happen, such as a refused edit being stored or a timer firing with
 * nothing to do: "never" can only be observed over a window, so this is the one wait on time, and
 * the window should outlast whatever could still make it happen (say which at the call).
 */
export async function holdsFor(check: () => unknown, ms: number, { interval = 20 } = {}): Promise<void> {
  const deadline = Date.now() + ms;
  do {
    await check();
    await new Promise((r) => setTimeout(r, interval));
  } while (Date.now() < deadline);
  await check();
}

/**
 * Waits until the clock has moved past the current millisecond, so that what is written next gets
 * a later timestamp than what was written before (for tests about order in time).
 */
export async function clockTick(): Promise<void> {
  const now = Date.now();
  await waitFor(
    () => {
      if (Date.now() <= now) throw new Error("the clock has not moved yet");
    },
    { interval: 1 },
  );
}
