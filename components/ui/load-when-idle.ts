/**
 * Starts `load` (a dynamic import) once the browser has nothing else to do, so that a chunk kept
 * out of a page's first script is usually there before anyone asks for it, without competing with
 * the page's own start-up. Returns a function that cancels it if it has not started yet.
 */
export function loadWhenIdle(load: () => Promise<unknown>): () => void {
  const start = () => void load().catch(() => undefined);
  if (typeof window.requestIdleCallback === "function") {
    // The timeout bounds the wait on a page that is never idle (a busy editor session).
    const handle = window.requestIdleCallback(start, { timeout: 5_000 });
    return () => window.cancelIdleCallback(handle);
  }
  const timer = window.setTimeout(start, 2_000);
  return () => window.clearTimeout(timer);
}
