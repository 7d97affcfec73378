/**
 * The message that tells everyone with a page open that someone restored a version of it (a
 * Hocuspocus stateless message on the page's channel, sent by the server once the restore is
 * recorded, so the name in it is the server's, not a client's claim). Shared by the server that
 * sends it and the editor that shows it; no server code here.
 */
export type RestoreNotice = { type: "restored"; version: number; newVersion: number; byId: string | null; byName: string | null };

/** The notice in a stateless payload, or null for any other message. */
export function parseRestoreNotice(payload: string): RestoreNotice | null {
  try {
    const value = JSON.parse(payload) as Partial<RestoreNotice> | null;
    if (value?.type !== "restored" || typeof value.version !== "number" || typeof value.newVersion !== "number") return null;
    return {
      type: "restored",
      version: value.version,
      newVersion: value.newVersion,
      byId: typeof value.byId === "string" ? value.byId : null,
      byName: typeof value.byName === "string" ? value.byName : null,
    };
  } catch {
    return null;
  }
}

/** "Ada Lovelace restored version 3: the page now reads as it did then (recorded as version 7)." */
export function describeRestoreNotice(notice: RestoreNotice): string {
  return `${notice.byName ?? "Someone"} restored version ${notice.version}: the page now reads as it did then (recorded as version ${notice.newVersion}). Its history has the text from before.`;
}
