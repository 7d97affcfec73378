import { expect, it } from "vitest";
import * as Y from "yjs";
import { transaction, type Dialect } from "@/db/executor";
import { appendPageUpdate } from "@/db/queries/page-content";
import {
  findExistingUserIds,
  findSuggestionDecisions,
  insertSuggestionNotifications,
  listNoticedSuggestionIds,
  listSuggestionAudience,
  listSuggestionNotifications,
} from "@/db/queries/suggestion-notifications";
import {
  findPagesMentioning,
  findSuggestionDecision,
  findUserNames,
  insertSuggestionDecisions,
  isMentionedInUpdatesAfter,
  listDecidedSuggestionIds,
  listSuggestionDecisions,
  lockPageForDecisions,
} from "@/db/queries/suggestions";
import { pageContents, pageRevisions, pages } from "@/db/schema";
import { listAuditEvents } from "@/db/queries/audit";
import { decideAllSuggestions, decideSuggestion, listPageSuggestions } from "@/lib/commands/suggestions";
import { ydocFromJSON } from "@/lib/editor/document";
import { AppError } from "@/lib/errors";
import { describeNoticedSuggestions, notifyNewSuggestions, notifySuggestionDecisions } from "@/lib/suggestions/notifications";
import { readPageContent } from "@/lib/pages/content";
import { listSuggestions } from "@/lib/suggestions/view";
import { aMember, aPage, aUser, aWiki } from "./fixtures";
import { describeOnBothDialects, insertRows } from "./harness";

/**
 * db/queries/suggestions.ts and suggestion-notifications.ts on both dialects, and the suggestion
 * commands and notices over them (lib/commands/suggestions.ts, lib/suggestions/notifications.ts).
 */

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 4, 9, minutes));
let ids = 0;
const nextId = (prefix: string) => `${prefix}${++ids}`;

const insertion = (id: string, authorId: string) => ({
  type: "suggestionInsert",
  attrs: { id, authorId, createdAt: "2026-12-04T07:00:00.000Z" },
});

/** A page body whose paragraph carries each [id, author] as a suggested insertion. */
function bodyWith(suggestions: [string, string][]) {
  return {
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Base text." },
          ...suggestions.map(([id, authorId]) => ({ type: "text", text: ` proposal ${id}`, marks: [insertion(id, authorId)] })),
        ],
      },
    ],
  };
}

/** Stores `json` as the page's compacted content. */
async function storeBody(pageId: string, json: ReturnType<typeof bodyWith>): Promise<void> {
  const ydoc = Buffer.from(Y.encodeStateAsUpdate(ydocFromJSON(json)));
  await insertRows(pageContents, [{ pageId, ydoc, json: JSON.stringify(json), text: "Base text." }]);
}

/** An owner, an editor and a reviewer in a wiki, with a page the owner created. */
async function aSetting() {
  const owner = await aUser("Olga Owner");
  const editor = await aUser("Ed Editor");
  const rita = await aUser("Rita Reviewer");
  const wiki = await aWiki(owner.id);
  await aMember(wiki.id, editor.id);
  const page = { id: nextId("page-s") };
  await insertRows(pages, [{ id: page.id, slug: nextId("slug-s"), title: "Baselines", wikiId: wiki.id, createdBy: owner.id }]);
  return { owner, editor, rita, wiki, page };
}

function decision(id: string, pageId: string, authorId: string, status: "accepted" | "rejected" | "withdrawn", decidedAt: Date) {
  return {
    id,
    pageId,
    authorId,
    kind: "insert",
    text: `Insert "${id}"`,
    createdAt: "2026-12-04T07:00:00.000Z",
    status,
    decidedBy: null,
    decidedAt,
  };
}

const rejectsWith = (code: AppError["code"]) => expect.objectContaining({ code });

describeOnBothDialects("db/queries/suggestions", (dialect: Dialect) => {
  it("records decisions, lists a page's latest first, and decides an id afresh when it comes back", async () => {
    const { rita, page } = await aSetting();
    const other = await aSetting();
    await insertSuggestionDecisions([
      decision("s-a", page.id, rita.id, "accepted", at(1)),
      decision("s-b", page.id, rita.id, "rejected", at(2)),
    ]);
    await insertSuggestionDecisions([decision("s-c", other.page.id, rita.id, "accepted", at(3))]);
    expect((await listSuggestionDecisions(page.id)).map((d) => [d.id, d.status])).toEqual([
      ["s-b", "rejected"],
      ["s-a", "accepted"],
    ]);
    expect((await listDecidedSuggestionIds(page.id)).sort()).toEqual(["s-a", "s-b"]);
    expect(await findSuggestionDecision("s-a")).toMatchObject({ pageId: page.id, authorId: rita.id, status: "accepted", decidedAt: at(1) });
    expect(await findSuggestionDecision("s-none")).toBeUndefined();

    await insertSuggestionDecisions([decision("s-a", page.id, rita.id, "rejected", at(5))]);
    expect(await findSuggestionDecision("s-a")).toMatchObject({ status: "rejected", decidedAt: at(5) });
    expect((await listSuggestionDecisions(page.id)).map((d) => d.id)).toEqual(["s-a", "s-b"]);
    expect(await findUserNames([rita.id, rita.id, "nobody"])).toEqual(new Map([[rita.id, "Rita Reviewer"]]));
    expect(await findUserNames([])).toEqual(new Map());
  });

  it("finds the pages that may hold a suggestion id, in compacted JSON or in the log, and logged mentions after a point", async () => {
    const { rita, page } = await aSetting();
    const logged = await aSetting();
    await storeBody(page.id, bodyWith([["sfind_1", rita.id]]));
    await storeBody(logged.page.id, bodyWith([]));
    const seq = await appendPageUpdate(logged.page.id, new TextEncoder().encode("…sfind_2…"), rita.id);
    expect(await findPagesMentioning("sfind_1")).toEqual([page.id]);
    expect(await findPagesMentioning("sfind_2")).toEqual([logged.page.id]);
    // LIKE's wildcards in the id are taken literally.
    expect(await findPagesMentioning("sfind%")).toEqual([]);
    expect(await findPagesMentioning("sfind__")).toEqual([]);
    expect(await isMentionedInUpdatesAfter(logged.page.id, seq - 1, "sfind_2")).toBe(true);
    expect(await isMentionedInUpdatesAfter(logged.page.id, seq, "sfind_2")).toBe(false);
    expect(await isMentionedInUpdatesAfter(page.id, 0, "sfind_2")).toBe(false);
  });

  it("lets one of two overlapping decisions on a page through, the other finding it decided", async () => {
    const { rita, page } = await aSetting();
    // What a decision does in the stored log: lock, read, then write. The lock makes the second
    // transaction read after the first commits (on SQLite the write lock does; on PostgreSQL
    // both transactions are open before either goes on).
    let opened = 0;
    let allOpen!: () => void;
    const everyoneIn = new Promise<void>((resolve) => (allOpen = resolve));
    const outcomes = await Promise.all(
      (["accepted", "rejected"] as const).map((status) =>
        transaction(async () => {
          if (++opened === (dialect === "postgres" ? 2 : 1)) allOpen();
          await everyoneIn;
          await lockPageForDecisions(page.id);
          if ((await listDecidedSuggestionIds(page.id)).includes("s-race")) return "already decided";
          await insertSuggestionDecisions([decision("s-race", page.id, rita.id, status, new Date())]);
          return status;
        }),
      ),
    );
    expect(outcomes.filter((o) => o === "already decided")).toHaveLength(1);
    expect(outcomes).toContain((await findSuggestionDecision("s-race"))!.status);
  });
});

describeOnBothDialects("db/queries/suggestion-notifications", () => {
  it("tells the page's creator and the editors credited in its versions, and lists the items on live pages", async () => {
    const { owner, editor, rita, wiki, page } = await aSetting();
    const silent = await aUser("Sid Silent");
    await aMember(wiki.id, silent.id);
    expect(await listSuggestionAudience(page.id)).toEqual([owner.id]);
    await insertRows(pageRevisions, [
      {
        id: nextId("rev"),
        pageId: page.id,
        number: 1,
        kind: "auto",
        contributors: JSON.stringify([editor.id, rita.id]),
        delta: Buffer.from([0]),
      },
    ]);
    // Rita is credited but not an editor of the wiki; Sid is an editor who never wrote the page.
    expect((await listSuggestionAudience(page.id)).sort()).toEqual([owner.id, editor.id].sort());
    expect(await listSuggestionAudience("no-such-page")).toEqual([]);

    expect(await findExistingUserIds([rita.id, "gone"])).toEqual(new Set([rita.id]));
    await insertSuggestionNotifications([
      { id: nextId("n"), userId: owner.id, kind: "suggestion", pageId: page.id, suggestionId: "s-n1", actorId: rita.id, createdAt: at(1) },
      { id: nextId("n"), userId: owner.id, kind: "decision", pageId: page.id, suggestionId: "s-n2", actorId: null, createdAt: at(2) },
    ]);
    await insertSuggestionNotifications([]);
    expect(await listNoticedSuggestionIds(page.id)).toEqual(new Set(["s-n1"]));
    expect((await listSuggestionNotifications(owner.id)).map((n) => [n.kind, n.suggestionId, n.actorName, n.pageTitle])).toEqual([
      ["decision", "s-n2", null, "Baselines"],
      ["suggestion", "s-n1", "Rita Reviewer", "Baselines"],
    ]);
    const trashed = await aPage(wiki.id, "Gone", at(3));
    await insertSuggestionNotifications([
      {
        id: nextId("n"),
        userId: owner.id,
        kind: "suggestion",
        pageId: trashed.id,
        suggestionId: "s-n3",
        actorId: rita.id,
        createdAt: at(4),
      },
    ]);
    expect((await listSuggestionNotifications(owner.id)).map((n) => n.suggestionId)).toEqual(["s-n2", "s-n1"]);

    await insertSuggestionDecisions([decision("s-n2", page.id, rita.id, "accepted", at(2))]);
    expect(await findSuggestionDecisions(["s-n2", "s-n1"])).toEqual(
      new Map([["s-n2", { pageId: page.id, status: "accepted", text: 'Insert "s-n2"' }]]),
    );
  });

  it("notices each new suggestion once, never to its author, and tells authors of decisions on their suggestions", async () => {
    const { owner, editor, rita, page } = await aSetting();
    await insertRows(pageRevisions, [
      { id: nextId("rev"), pageId: page.id, number: 1, kind: "auto", contributors: JSON.stringify([editor.id]), delta: Buffer.from([0]) },
    ]);
    const body = bodyWith([
      ["snew_1", rita.id],
      ["snew_2", editor.id],
    ]);
    await storeBody(page.id, body);
    // Rita's reaches the owner and the editor; the editor's own reaches only the owner.
    expect(await notifyNewSuggestions(page.id, body, at(1))).toBe(3);
    expect(await notifyNewSuggestions(page.id, body, at(2))).toBe(0);
    expect((await listSuggestionNotifications(editor.id)).map((n) => n.suggestionId)).toEqual(["snew_1"]);

    await notifySuggestionDecisions(owner.id, page.id, "accept", [{ id: "snew_1", authorId: rita.id }]);
    await notifySuggestionDecisions(owner.id, page.id, "withdraw", [{ id: "snew_2", authorId: editor.id }]);
    expect((await listSuggestionNotifications(rita.id)).map((n) => [n.kind, n.suggestionId, n.actorName])).toEqual([
      ["decision", "snew_1", "Olga Owner"],
    ]);
    await insertSuggestionDecisions([decision("snew_1", page.id, rita.id, "accepted", at(3))]);
    const described = await describeNoticedSuggestions([
      { pageId: page.id, suggestionId: "snew_1" },
      { pageId: page.id, suggestionId: "snew_2" },
      { pageId: page.id, suggestionId: "snew_gone" },
    ]);
    expect(Object.fromEntries([...described].map(([id, d]) => [id, d.status]))).toEqual({
      snew_1: "accepted",
      snew_2: "pending",
      snew_gone: "gone",
    });
  });
});

describeOnBothDialects("suggestion commands", () => {
  it("accepts or rejects all of a page's suggestions in the stored log, recording each decision once", async () => {
    const { owner, rita, page } = await aSetting();
    await storeBody(page.id, bodyWith([["sall_1", rita.id]]));
    // Accept-all and reject-all at once: whichever runs second finds nothing pending.
    const [accepted, rejected] = await Promise.all([
      decideAllSuggestions(owner.id, page.id, "accept"),
      decideAllSuggestions(owner.id, page.id, "reject"),
    ]);
    expect(accepted.decided + rejected.decided).toBe(1);
    const status = accepted.decided ? "accepted" : "rejected";
    expect((await listSuggestionDecisions(page.id)).map((d) => [d.id, d.status])).toEqual([["sall_1", status]]);
    expect(listSuggestions((await readPageContent(page.id)).json)).toEqual([]);
    expect(JSON.stringify((await readPageContent(page.id)).json).includes("proposal sall_1")).toBe(status === "accepted");
    expect((await listPageSuggestions(page.id)).map((s) => [s.id, s.status, s.authorName])).toEqual([["sall_1", status, "Rita Reviewer"]]);
  });

  it("lets one of two concurrent decisions on a suggestion win; the other is told it was already decided", async () => {
    const { owner, rita, wiki, page } = await aSetting();
    await storeBody(page.id, bodyWith([["sone_1", rita.id]]));
    const outcomes = await Promise.allSettled([
      decideSuggestion(owner.id, "sone_1", "accept"),
      decideSuggestion(owner.id, "sone_1", "reject"),
    ]);
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toEqual(rejectsWith("conflict"));
    expect((lost[0].reason as Error).message).toBe("This suggestion was already accepted");
    expect((await listSuggestionDecisions(page.id)).map((d) => d.status)).toEqual(["accepted"]);
    const audit = await listAuditEvents(wiki.id, {}, 50);
    expect(audit.filter((e) => e.action.startsWith("suggestion.")).map((e) => e.action)).toEqual(["suggestion.accepted"]);
    expect((await listSuggestionNotifications(rita.id)).map((n) => [n.kind, n.suggestionId])).toEqual([["decision", "sone_1"]]);
    await expect(decideSuggestion(owner.id, "sone_1", "reject")).rejects.toEqual(rejectsWith("conflict"));
    await expect(decideSuggestion(owner.id, "snot_there", "reject")).rejects.toEqual(rejectsWith("not_found"));
  });
});
