/**
 * Reasons the collab server gives the browser when it refuses a document, shared by both sides so
 * the editor can say what happened (see components/editor/use-collab-provider.ts).
 */
/** The page's stored state could not be read: the client must show an error, never an empty page. */
export const LOAD_FAILED_REASON = "load-failed";

/** An edit would grow the page past MAX_DOCUMENT_BYTES: it is refused and the client told why. */
export const DOCUMENT_TOO_LARGE_REASON = "document-too-large";
