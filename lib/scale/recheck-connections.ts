import type { Connection, Document } from "@hocuspocus/server";
import { findPageAccessStates } from "@/db/queries/pages";
import { findMemberRoles } from "@/db/queries/wikis";
import type { CollabContext } from "@/lib/collab/context";

/**
 * Finds the open connections whose authorization no longer holds: the page is gone or in the
 * trash, or the person's role in its wiki is not the one they were let in with. The control bus
 * (./control-bus.ts) calls for this when it may have missed the message that would have said so
 * (Redis down), every second while it is deaf: two queries a round, however many pages and
 * people are open (one per page and per person made a busy instance hammer its database).
 */
export async function staleConnections(documents: Map<string, Document>): Promise<{ connection: Connection; reason: string }[]> {
  const open: { connection: Connection; pageId: string; wikiId: string; userId: string; role: CollabContext["role"] }[] = [];
  for (const document of documents.values())
    for (const connection of document.getConnections()) {
      const context = connection.context as CollabContext | undefined;
      // Not yet authorized for its page: the authorization about to run reads the database anyway.
      if (context?.pageId && context.wikiId && context.user?.id)
        open.push({ connection, pageId: context.pageId, wikiId: context.wikiId, userId: context.user.id, role: context.role });
    }
  if (open.length === 0) return [];

  const unique = (values: string[]) => [...new Set(values)];
  const [pages, roles] = await Promise.all([
    findPageAccessStates(unique(open.map((each) => each.pageId))),
    findMemberRoles(unique(open.map((each) => each.wikiId)), unique(open.map((each) => each.userId))),
  ]);
  const pageById = new Map(pages.map((page) => [page.id, page]));
  const roleOf = new Map(roles.map((member) => [`${member.wikiId}\n${member.userId}`, member.role]));

  const stale: { connection: Connection; reason: string }[] = [];
  for (const { connection, pageId, wikiId, userId, role } of open) {
    const page = pageById.get(pageId);
    if (!page || page.wikiId !== wikiId) stale.push({ connection, reason: "Access changed" });
    else if (page.trashed) stale.push({ connection, reason: "Page moved to trash" });
    else if (roleOf.get(`${wikiId}\n${userId}`) !== role) stale.push({ connection, reason: "Access changed" });
  }
  return stale;
}
