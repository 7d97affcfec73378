import type * as Y from "yjs";
import type { ThreadWithComments } from "@/db/queries/comments";
import type { ThreadView } from "@/lib/api/comment-presenters";
import { sharedPageDoc } from "@/lib/pages/content";
import { reattachAtCollapse, resolveAnchor } from "./anchors";

export type { CommentView, ThreadView } from "@/lib/api/comment-presenters";

const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? "Former member" } : null);

/** Threads as the API and UI show them, with detachment checked against the page's current text. */
export async function presentThreads(threads: ThreadWithComments[]): Promise<ThreadView[]> {
  // Each page's document once, before the synchronous checks below.
  const docs = new Map<string, Y.Doc | null>();
  for (const pageId of new Set(threads.filter((t) => t.anchorStart && t.anchorEnd).map((t) => t.pageId)))
    docs.set(pageId, await sharedPageDoc(pageId));
  const docFor = (pageId: string) => docs.get(pageId) ?? null;
  const views = threads.map((t): ThreadView => {
    let detached = false;
    let { anchorStart, anchorEnd } = t;
    if (anchorStart && anchorEnd) {
      const doc = docFor(t.pageId);
      detached = !doc || !resolveAnchor(doc, anchorStart, anchorEnd);
      // Text brought back by undo is new Yjs content: only the undoing client's replica links it
      // to the deleted characters. Everyone else re-attaches when the quote is back exactly where
      // the anchor collapsed (computed on read; nothing is written).
      const restored = detached && doc && t.anchorKind === "text" ? reattachAtCollapse(doc, anchorStart, t.quote) : null;
      if (restored) {
        anchorStart = Buffer.from(restored.start);
        anchorEnd = Buffer.from(restored.end);
        detached = false;
      }
    }
    return {
      id: t.id,
      pageId: t.pageId,
      anchor: {
        kind: t.anchorKind,
        start: anchorStart ? anchorStart.toString("base64") : null,
        end: anchorEnd ? anchorEnd.toString("base64") : null,
        blockIndex: t.blockId !== null ? Number(t.blockId) : null,
        suggestionId: t.suggestionId,
      },
      quote: t.quote,
      detached,
      status: t.resolvedAt ? "resolved" : "open",
      resolvedBy: person(t.resolvedBy, t.resolvedByName),
      resolvedAt: t.resolvedAt?.toISOString() ?? null,
      createdBy: person(t.createdBy, t.createdByName),
      createdAt: t.createdAt.toISOString(),
      comments: t.comments.map((c) => ({
        id: c.id,
        author: person(c.authorId, c.authorName),
        body: c.deletedAt ? null : c.body,
        deleted: !!c.deletedAt,
        createdAt: c.createdAt.toISOString(),
        editedAt: c.editedAt?.toISOString() ?? null,
        versions: c.revisionCount,
      })),
    };
  });
  return views;
}
