import type { Role } from "@/db/schema";

/** Who is on the other end of a collab socket, established at the HTTP upgrade. */
export type CollabUser = { id: string; name: string; color: string };

/** Hocuspocus connection context: set at upgrade, completed by onAuthenticate per document. */
export type CollabContext = { user: CollabUser; role?: Role; pageId?: string; wikiId?: string };
