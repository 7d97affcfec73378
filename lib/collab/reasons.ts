/**
 * Reasons the collab server gives the browser when it refuses a document, shared by both sides so
 * the editor can say what happened (see components/editor/use-collab-provider.ts).
 */
/** The page's stored state could not be read: the client must show an error, never an empty page. */
export const LOAD_FAILED_REASON = "load-failed";

/** An edit would grow the page past MAX_DOCUMENT_BYTES: it is refused and the client told why. */
export const DOCUMENT_TOO_LARGE_REASON = "document-too-large";

/**
 * A suggest-only connection (a reviewer's) sent an update that is not only its own suggestions:
 * the reviewer guard refused it unapplied. The client must drop what it holds and resync, or it
 * would send the same update again on every reconnect (components/editor/collab.ts).
 */
export const SUGGEST_ONLY_REASON = "Only suggestions are allowed";
