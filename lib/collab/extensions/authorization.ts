import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import { findPageById } from "@/db/queries/pages";
import { findMemberRole } from "@/db/queries/wikis";
import { authorize, collabReadOnly } from "@/lib/policies";
import type { CollabContext } from "../context";
import { pageIdFromDocumentName } from "../document-name";

/**
 * Authorizes every document a socket asks for (one socket can multiplex several), from the
 * database rather than the session token, so a removed member is refused at once. Viewers and
 * commenters get a read-only connection: Hocuspocus then never applies their updates. Reviewers
 * get a writable one that the reviewer guard (./suggestion-guard.ts) allows only suggestions.
 */
export class AuthorizationExtension implements Extension {
  async onAuthenticate(data: onAuthenticatePayload): Promise<Partial<CollabContext>> {
    const context = data.context as CollabContext;
    if (!context?.user) throw new Error("Unauthenticated");
    const pageId = pageIdFromDocumentName(data.documentName);
    const page = pageId ? await findPageById(pageId) : undefined;
    if (!page || page.deletedAt) throw new Error("Not found");
    const role = await findMemberRole(page.wikiId, context.user.id);
    authorize(role, "page.read");
    data.connectionConfig.readOnly = collabReadOnly(role);
    return { role, pageId: page.id, wikiId: page.wikiId };
  }
}
