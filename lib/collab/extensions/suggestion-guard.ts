import {
  MessageType,
  type afterUnloadDocumentPayload,
  type beforeHandleMessagePayload,
  type Document,
  type Extension,
} from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { findPageById } from "@/db/queries/pages";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { recordAuditAsync } from "@/lib/audit/record";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { logger } from "@/lib/logger";
import { collabReadOnly, collabSuggestOnly } from "@/lib/policies";
import { ShadowDocument } from "@/lib/suggestions/shadow";
import { writesForeignSuggestion } from "@/lib/suggestions/update-scan";
import type { CollabContext } from "../context";
import { decidedSuggestionIds, loadDecidedSuggestionIds } from "../decided-suggestions";
import { SUGGEST_ONLY_REASON } from "../reasons";
import { SyncStep } from "../sync-step";

/** At most one audit entry per person and page in this long: a hostile client must not flood the log. */
const AUDIT_EVERY_MS = 60_000;
const NO_IDS: ReadonlySet<string> = new Set();

type Shadowed = { shadow: ShadowDocument; document: Document; stop: () => void };

/**
 * The reviewer guard (issue 19). A connection whose role may only suggest (collabSuggestOnly) is
 * writable, so every update it sends is judged here, before Hocuspocus applies or stores it: it
 * may only add text marked as its own suggested insertion, mark existing text as its own
 * suggested deletion, and take back its own suggestions (see lib/suggestions/shadow.ts). Anything
 * else throws, which makes Hocuspocus close the connection with the update unapplied (and the
 * collab server closes the socket: lib/patches/hocuspocus.ts). The close names SUGGEST_ONLY_REASON:
 * the browser then drops its document and resyncs a fresh one (components/editor/collab.ts), since
 * reconnecting with the same document would send the same update again, refused again, forever.
 *
 * Editors' connections are guarded against one thing only: writing a suggestion in another
 * user's name (forging a reviewer's authorship). Their updates are read for suggestion marks and
 * attributes by someone else (cheap, lib/suggestions/update-scan.ts); only those are judged, by
 * the same shadow, which lets an editor move or remove anyone's suggestion but not add one. The
 * refusal is the reviewer's: the same close reason, resync and audit entry.
 *
 * Each page a guarded connection writes to gets a shadow copy, built on its first such update
 * and fed every update the page applies from then on, until the page unloads. The judgement is
 * synchronous (no awaits between judging and Hocuspocus applying), so updates are judged in the
 * order they are applied. The one database read, the page's decided suggestion ids, comes before
 * the judgement, once per loaded page (lib/collab/decided-suggestions.ts); the refusal's audit
 * entry is written after it, without holding the refusal up.
 */
export class SuggestionGuardExtension implements Extension {
  private readonly shadows = new Map<string, Shadowed>();
  private readonly lastAudit = new Map<string, number>();

  async beforeHandleMessage({ update, context, document, documentName }: beforeHandleMessagePayload): Promise<void> {
    const { role, user, pageId, wikiId } = context as CollabContext;
    if (!role || collabReadOnly(role)) return;
    const suggestOnly = collabSuggestOnly(role);
    const decoder = decoding.createDecoder(update);
    decoding.readVarString(decoder); // document name
    if (decoding.readVarUint(decoder) !== MessageType.Sync) return;
    if (decoding.readVarUint(decoder) === SyncStep.Step1) return;
    const payload = decoding.readVarUint8Array(decoder);
    // Read only for an update that names a suggestion: most editors' keystrokes never need it.
    let decided = pageId ? decidedSuggestionIds(document) : NO_IDS;
    if (!suggestOnly) {
      // An editor's update is looked at only when it writes a suggestion in someone else's name
      // or under a decided id; asked about an id before the decided ones are known, read them.
      let unknown = false;
      const isDecided = (id: string) => {
        if (decided) return decided.has(id);
        unknown = true;
        return false;
      };
      if (!writesForeignSuggestion(payload, user.id, isDecided)) {
        if (!unknown) return;
        decided = await loadDecidedSuggestionIds(document, pageId!);
        if (!writesForeignSuggestion(payload, user.id, (id) => decided!.has(id))) return;
      }
    }
    decided ??= await loadDecidedSuggestionIds(document, pageId!);
    const shadow = this.shadowFor(documentName, document);
    const verdict = shadow.judge(payload, user.id, suggestOnly ? "suggest-only" : "no-forgery", decided);
    if (verdict.ok) return;
    // The shadow now holds what the page never will; the next update rebuilds it from the page.
    this.drop(documentName);
    void this.audit(user.id, role, pageId, wikiId, verdict.reason);
    const what = suggestOnly ? "a suggest-only update" : "an editor's update";
    throw Object.assign(new Error(`Refused ${what}: ${verdict.reason}`), { reason: SUGGEST_ONLY_REASON });
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload): Promise<void> {
    this.drop(documentName);
  }

  private shadowFor(documentName: string, document: Document): ShadowDocument {
    const existing = this.shadows.get(documentName);
    // A page unloaded and loaded again is a new Document; a shadow of the old one is stale.
    if (existing && existing.document === document) return existing.shadow;
    if (existing) this.drop(documentName);
    const shadow = new ShadowDocument(document, DOCUMENT_FRAGMENT);
    const mirror = (update: Uint8Array) => shadow.mirror(update);
    document.on("update", mirror);
    this.shadows.set(documentName, { shadow, document, stop: () => document.off("update", mirror) });
    return shadow;
  }

  private drop(documentName: string): void {
    const entry = this.shadows.get(documentName);
    if (!entry) return;
    entry.stop();
    entry.shadow.destroy();
    this.shadows.delete(documentName);
  }

  private async audit(userId: string, role: string, pageId: string | undefined, wikiId: string | undefined, reason: string): Promise<void> {
    const key = `${userId}:${pageId}`;
    const now = Date.now();
    if (now - (this.lastAudit.get(key) ?? 0) < AUDIT_EVERY_MS) return;
    this.lastAudit.set(key, now);
    if (this.lastAudit.size > 10_000) this.lastAudit.clear();
    try {
      // Outside any transaction: the refusal has happened, and this one entry records it.
      await recordAuditAsync({
        action: AUDIT_ACTIONS.suggestionRefused,
        by: userId,
        wikiId: wikiId ?? null,
        target: pageId ? { type: "page", id: pageId } : null,
        details: { title: pageId ? ((await findPageById(pageId))?.title ?? null) : null, reason, role },
      });
    } catch (error) {
      // Refusing matters more than recording the refusal.
      logger.error({ err: error, userId, pageId }, "could not record a refused suggest-only update");
    }
  }
}
