import type { Connection, Document } from "@hocuspocus/server";
import { findPageById } from "@/db/queries/pages";
import { findMemberRole } from "@/db/queries/wikis";
import type { Role } from "@/db/schema";
import type { CollabContext } from "@/lib/collab/context";

/**
 * Finds the open connections whose authorization no longer holds: the page is gone or in the
 * trash, or the person's role in its wiki is not the one they were let in with. The control bus
 * (./control-bus.ts) calls for this when it may have missed the message that would have said so
 * (Redis down). Each page and each (wiki, person) is read once per round, however many sockets
 * they have open.
 */
export async function staleConnections(documents: Map<string, Document>): Promise<{ connection: Connection; reason: string }[]> {
  const open: { connection: Connection; context: CollabContext }[] = [];
  for (const document of documents.values())
    for (const connection of document.getConnections()) open.push({ connection, context: connection.context as CollabContext });

  const pages = new Map<string, Promise<{ wikiId: string; trashed: boolean } | null>>();
  const roles = new Map<string, Promise<Role | undefined>>();
  const pageOf = (pageId: string) => {
    let found = pages.get(pageId);
    if (!found) {
      found = findPageById(pageId).then((page) => (page ? { wikiId: page.wikiId, trashed: !!page.deletedAt } : null));
      pages.set(pageId, found);
    }
    return found;
  };
  const roleOf = (wikiId: string, userId: string) => {
    const key = `${wikiId}\n${userId}`;
    let found = roles.get(key);
    if (!found) {
      found = Promise.resolve(findMemberRole(wikiId, userId)).then((role) => role ?? undefined);
      roles.set(key, found);
    }
    return found;
  };

  const stale: { connection: Connection; reason: string }[] = [];
  for (const { connection, context } of open) {
    // Not yet authorized for its page: the authorization about to run reads the database anyway.
    if (!context?.pageId || !context.wikiId || !context.user?.id) continue;
    const page = await pageOf(context.pageId);
    if (!page || page.wikiId !== context.wikiId) {
      stale.push({ connection, reason: "Access changed" });
    } else if (page.trashed) {
      stale.push({ connection, reason: "Page moved to trash" });
    } else if ((await roleOf(context.wikiId, context.user.id)) !== context.role) {
      stale.push({ connection, reason: "Access changed" });
    }
  }
  return stale;
}
