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

type Entry = HandedBody & { expires: number };
const holder = globalThis as typeof globalThis & { __opinioPageBodies?: Map<string, Entry> };

function bodies(): Map<string, Entry> {
  holder.__opinioPageBodies ??= new Map();
  return holder.__opinioPageBodies;
}

/** Leaves `body` for the shell's server render of this request; returns its key. */
export function handOverBody(body: HandedBody): string {
  const now = Date.now();
  // Only the bodies of requests in flight are here: a handful, so sweeping on every view is cheap.
  for (const [key, entry] of bodies()) if (entry.expires <= now) bodies().delete(key);
  const key = globalThis.crypto.randomUUID();
  bodies().set(key, { ...body, expires: now + UNREAD_MS });
  return key;
}

/** The body left under `key`, or null when there is none (never handed over, or long expired). */
export function receiveBody(key: string): HandedBody | null {
  const entry = bodies().get(key);
  if (!entry) return null;
  entry.expires = Math.min(entry.expires, Date.now() + READ_GRACE_MS);
  return { html: entry.html, state: entry.state };
}
