/**
 * State shared between the custom server and Next's route bundles. Module singletons are not
 * shared across those bundles (vercel/next.js #54782), so both sides meet on one typed globalThis
 * entry instead.
 */
export type CollabControl = {
  /** Closes a user's open collab connections to pages of a wiki (after a role change or removal). */
  closeUserConnections(userId: string, wikiId: string): void;
  /** Closes every connection to a page (e.g. it went to the trash). */
  closePageConnections(pageId: string): void;
  /** Tells every client with the page open that something beside its text changed (e.g. comments). */
  broadcastToPage(pageId: string, message: { type: string; [key: string]: unknown }): void;
  /** The same, to every open page of a wiki (e.g. its citation style or a source changed). */
  broadcastToWiki(wikiId: string, message: { type: string; [key: string]: unknown }): void;
  /**
   * Replaces a page's body with `json` as one collaborative change on the live document, so every
   * open editor receives it like any other edit (and it is persisted like any other). `userId` is
   * recorded as the author. The Yjs work happens on the collab server's side: route code runs in
   * Next's bundle, whose copy of Yjs must not touch live documents (yjs #438). Resolves false
   * when the change could not be written to the database (an answer, not an error: the two
   * bundles do not share error classes).
   */
  replaceDocument(pageId: string, userId: string, json: import("@tiptap/core").JSONContent): Promise<boolean>;
  /**
   * Decides suggestions on a page's live document, on the instance that owns the page (this one,
   * or asked of the owner: the request is data for that reason). The body is read, decided
   * (lib/suggestions/decide.ts) and rewritten in one step, with nothing applied in between, and
   * written to the database before the answer. Suggestions it takes out of the body count as
   * decided: no update may bring their ids back (lib/collab/decided-suggestions.ts). The instance
   * that changed the body also records the decisions (`made`), before it answers, so a decision
   * made is recorded even when its answer is lost. Resolves with the suggestions decided (none
   * when none was still pending), or null when the change could not be made or written (the page
   * is then unchanged, unless an owner that did not answer in time made it after all, and then
   * recorded it).
   */
  decideSuggestions(
    pageId: string,
    made: import("@/lib/suggestions/decide").SuggestionDecisionRecord,
    request: import("@/lib/suggestions/decide").SuggestionDecisionRequest,
  ): Promise<import("@/lib/suggestions/view").SuggestionSummary[] | null>;
};

/** The background mail sender (lib/mail/sender.ts), started with the server. */
export type MailerControl = {
  /** Looks at the outbox now instead of at the next poll (a mail was just written). */
  wake(): void;
};

type Registry = { collab?: CollabControl; mailer?: MailerControl };

const holder = globalThis as typeof globalThis & { __opinioRegistry?: Registry };

export function registry(): Registry {
  holder.__opinioRegistry ??= {};
  return holder.__opinioRegistry;
}
