/**
 * The hand-over of a page's body from the page view (a server component) to the page shell's
 * server-side render, so that a document request carries the body once, in the HTML, and not a
 * second time in the RSC payload (lib/pages/page-body.ts; components/editor/page-body.ts).
 *
 * Next renders a request's server components and then its client components' HTML in the same
 * process, but from separate bundles whose module singletons differ (vercel/next.js #54782), so
 * the two meet on one globalThis entry. A body waits here under a key of its own, the only thing
 * the RSC payload carries, until the shell's server render reads it. This module is imported by
 * the shell, so it stays free of server-only imports; in the browser it is never called.
 */

/** The page's HTML as the server rendered it, and its Yjs state (base64, lib/pages/initial-state.ts). */
export type HandedBody = { html: string; state: string | null };

/** A body the shell's render never read (a request dropped in between) is forgotten after this. */
const UNREAD_MS = 60_000;
/** One read is enough; a short grace covers a render that runs twice. */
const READ_GRACE_MS = 5_000;

/** How often the waiting bodies are swept for expired ones. */
const SWEEP_EVERY_MS = 1_000;

type Entry = HandedBody & { expires: number };
type Shelf = { bodies: Map<string, Entry>; nextSweep: number };
const holder = globalThis as typeof globalThis & { __opinioPageBodyShelf?: Shelf };

function shelf(): Shelf {
  holder.__opinioPageBodyShelf ??= { bodies: new Map(), nextSweep: 0 };
  return holder.__opinioPageBodyShelf;
}

/**
 * Forgets expired bodies, at most once a second. Read bodies stay for their grace, so at a
 * hundred views a second some five hundred wait here: sweeping them on every view made the
 * hand-over cost a page view more than the body's own render (bench: render, CPU profile).
 */
function sweep(now: number) {
  const waiting = shelf();
  if (now < waiting.nextSweep) return;
  waiting.nextSweep = now + SWEEP_EVERY_MS;
  for (const [key, entry] of waiting.bodies) if (entry.expires <= now) waiting.bodies.delete(key);
}

/** Leaves `body` for the shell's server render of this request; returns its key. */
export function handOverBody(body: HandedBody, now = Date.now()): string {
  sweep(now);
  const key = globalThis.crypto.randomUUID();
  shelf().bodies.set(key, { ...body, expires: now + UNREAD_MS });
  return key;
}

/** The body left under `key`, or null when there is none (never handed over, or expired). */
export function receiveBody(key: string, now = Date.now()): HandedBody | null {
  const entry = shelf().bodies.get(key);
  if (!entry || entry.expires <= now) return null;
  entry.expires = Math.min(entry.expires, now + READ_GRACE_MS);
  return { html: entry.html, state: entry.state };
}

/** How many bodies wait (tests). */
export function waitingBodies(): number {
  return shelf().bodies.size;
}
