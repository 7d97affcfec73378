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
