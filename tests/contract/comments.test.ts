import { expect, it } from "vitest";
import * as Y from "yjs";
import { getDbHandle } from "@/db/client";
import { transaction, type Dialect } from "@/db/executor";
import { getPostgres } from "@/db/postgres/client";
import {
  countUnreadNotifications,
  findComment,
  findSuggestionThread,
  findThread,
  findThreadWithComments,
  insertComment,
  insertCommentRevision,
  insertNotifications,
  insertThread,
  listCommentRevisions,
  listNotifications,
  listOpenThreadsForWiki,
  listThreadsForPage,
  markCommentDeleted,
  markNotificationsRead,
  resolveSuggestionThreads,
  setThreadResolution,
  threadParticipants,
  updateCommentBody,
} from "@/db/queries/comments";
import { pageContents, type AnchorKind } from "@/db/schema";
import { createThread, deleteComment, editComment, replyToThread, setThreadResolved } from "@/lib/commands/comments";
import { ydocFromJSON } from "@/lib/editor/document";
import { AppError } from "@/lib/errors";
import { aMember, aPage, aSuggestionNotification, aUser, aWiki } from "./fixtures";
import { describeOnBothDialects, insertRows } from "./harness";

/** db/queries/comments.ts on both dialects, and the comment commands' transactions (lib/commands/comments.ts). */

let ids = 0;
const nextId = (prefix: string) => `${prefix}-c${++ids}`;
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 10, minutes));

async function aThread(
  pageId: string,
  createdBy: string,
  createdAt: Date,
  anchor: { kind?: AnchorKind; start?: Buffer; end?: Buffer; blockId?: string; quote?: string; suggestionId?: string } = {},
): Promise<string> {
  const id = nextId("thread");
  await insertThread({
    id,
    pageId,
    anchorKind: anchor.kind ?? "page",
    anchorStart: anchor.start ?? null,
    anchorEnd: anchor.end ?? null,
    blockId: anchor.blockId ?? null,
    quote: anchor.quote ?? "",
    suggestionId: anchor.suggestionId ?? null,
    createdBy,
    createdAt,
  });
  return id;
}

/** A comment with its first wording, as the commands write one. */
async function aComment(threadId: string, authorId: string, body: string, createdAt: Date): Promise<string> {
  const id = nextId("comment");
  await insertComment({ id, threadId, authorId, body, createdAt });
  await insertCommentRevision(id, nextId("revision"), body, createdAt);
  return id;
}

/** Two people in a wiki with a page in it. */
async function aSetting() {
  const ann = await aUser("Ann Author");
  const bob = await aUser("Bob Reader");
  const wiki = await aWiki(ann.id);
  await aMember(wiki.id, bob.id);
  const page = await aPage(wiki.id, "Tenancy");
  return { ann, bob, wiki, page };
}

/**
 * Runs `work` while the database refuses every insert into `table` (a trigger): a real statement
 * failing in the middle of a command, after the command's earlier writes.
 */
async function whileRefusingInserts(dialect: Dialect, table: string, work: () => Promise<void>): Promise<void> {
  const trigger = `refuse_${table}`;
  if (dialect === "sqlite") {
    const { sqlite } = getDbHandle();
    sqlite.exec(`CREATE TRIGGER ${trigger} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    try {
      await work();
    } finally {
      sqlite.exec(`DROP TRIGGER ${trigger}`);
    }
    return;
  }
  const { pool } = getPostgres(process.env.DATABASE_URL!);
  await pool.query(
    "CREATE OR REPLACE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$",
  );
  await pool.query(`CREATE TRIGGER ${trigger} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION refuse_insert()`);
  try {
    await work();
  } finally {
    await pool.query(`DROP TRIGGER ${trigger} ON ${table}`);
  }
}

/**
 * Runs `work` in `count` transactions at once. On PostgreSQL every one of them is open before any
 * goes on, so they truly overlap; SQLite admits one transaction at a time, so there they cannot.
 */
async function inOverlappingTransactions<T>(dialect: Dialect, count: number, work: (index: number) => Promise<T>): Promise<T[]> {
  let opened = 0;
  let allOpen!: () => void;
  const everyoneIn = new Promise<void>((resolve) => (allOpen = resolve));
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      transaction(async () => {
        if (++opened === (dialect === "postgres" ? count : 1)) allOpen();
        await everyoneIn;
        return work(index);
      }),
    ),
  );
}

const rejectsWith = (code: AppError["code"]) => expect.objectContaining({ code });

describeOnBothDialects("db/queries/comments", (dialect) => {
  it("keeps threads on a passage, a block and the page, listed oldest first with their comments oldest first", async () => {
    const { ann, bob, page } = await aSetting();
    const other = await aPage((await aWiki(ann.id)).id, "Elsewhere");
    const passage = await aThread(page.id, bob.id, at(2), {
      kind: "text",
      start: Buffer.from([1, 2, 3]),
      end: Buffer.from([4, 5, 6]),
      quote: "pay rent monthly",
    });
    const block = await aThread(page.id, ann.id, at(1), { kind: "block", blockId: "3" });
    const whole = await aThread(page.id, ann.id, at(3));
    await aThread(other.id, ann.id, at(0));
    // Written out of order: the listing orders by time, not by insertion.
    const second = await aComment(passage, bob.id, "Is monthly right?", at(5));
    const first = await aComment(passage, ann.id, "Quoted from the lease.", at(4));
    await aComment(block, ann.id, "This clause.", at(6));

    const threads = await listThreadsForPage(page.id);
    expect(threads.map((t) => t.id)).toEqual([block, passage, whole]);
    const onPassage = threads[1];
    expect(onPassage).toMatchObject({
      pageId: page.id,
      anchorKind: "text",
      quote: "pay rent monthly",
      createdBy: bob.id,
      createdByName: "Bob Reader",
    });
    expect(onPassage.createdAt).toEqual(at(2));
    expect(Buffer.from(onPassage.anchorStart!).equals(Buffer.from([1, 2, 3]))).toBe(true);
    expect(Buffer.from(onPassage.anchorEnd!).equals(Buffer.from([4, 5, 6]))).toBe(true);
    expect(onPassage.comments.map((c) => [c.id, c.body, c.authorName, c.revisionCount])).toEqual([
      [first, "Quoted from the lease.", "Ann Author", 1],
      [second, "Is monthly right?", "Bob Reader", 1],
    ]);
    expect(threads[0]).toMatchObject({ anchorKind: "block", blockId: "3", anchorStart: null, quote: "" });
    expect(threads[2].comments).toEqual([]);

    // The general path (one thread by id) answers the same.
    const byId = await findThreadWithComments(passage);
    expect(byId).toMatchObject({ id: passage, createdByName: "Bob Reader", resolvedByName: null });
    expect(byId!.comments.map((c) => [c.id, c.authorName, c.revisionCount])).toEqual([
      [first, "Ann Author", 1],
      [second, "Bob Reader", 1],
    ]);
    expect(await findThreadWithComments("no-such-thread")).toBeUndefined();

    expect(await findThread(block)).toMatchObject({ id: block, pageId: page.id, blockId: "3" });
    expect(await findThread("no-such-thread")).toBeUndefined();
    expect(await findComment(second)).toMatchObject({ id: second, threadId: passage, pageId: page.id, authorId: bob.id, deletedAt: null });
    expect(await findComment("no-such-comment")).toBeUndefined();
    expect((await threadParticipants(passage)).sort()).toEqual([ann.id, bob.id].sort());
    expect(await threadParticipants(whole)).toEqual([]);
  });

  it("keeps every wording of an edited comment, numbered from 1", async () => {
    const { ann, page } = await aSetting();
    const thread = await aThread(page.id, ann.id, at(1));
    const comment = await aComment(thread, ann.id, "First wording.", at(1));
    await updateCommentBody(comment, "Second wording.", at(2));
    expect(await insertCommentRevision(comment, nextId("revision"), "Second wording.", at(2))).toBe(2);
    await updateCommentBody(comment, "Third wording.", at(3));
    expect(await insertCommentRevision(comment, nextId("revision"), "Third wording.", at(3))).toBe(3);

    expect((await listCommentRevisions(comment)).map((r) => [r.number, r.body, r.createdAt])).toEqual([
      [1, "First wording.", at(1)],
      [2, "Second wording.", at(2)],
      [3, "Third wording.", at(3)],
    ]);
    expect(await findComment(comment)).toMatchObject({ body: "Third wording.", editedAt: at(3), createdAt: at(1) });
    expect((await listThreadsForPage(page.id))[0].comments[0].revisionCount).toBe(3);
    expect((await findThreadWithComments(thread))!.comments[0].revisionCount).toBe(3);
    expect(await listCommentRevisions("no-such-comment")).toEqual([]);
  });

  it("numbers the wordings of concurrent edits one after another", async () => {
    const { ann, page } = await aSetting();
    const comment = await aComment(await aThread(page.id, ann.id, at(1)), ann.id, "First wording.", at(1));
    const numbers = await inOverlappingTransactions(dialect, 4, (i) =>
      insertCommentRevision(comment, nextId("revision"), `Wording ${i + 2}.`, at(i + 2)),
    );
    expect(numbers.sort((a, b) => a - b)).toEqual([2, 3, 4, 5]);
    expect((await listCommentRevisions(comment)).map((r) => r.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it("resolves and reopens threads; a wiki's open threads are the unresolved ones on live pages, newest first", async () => {
    const { ann, bob, wiki, page } = await aSetting();
    const second = await aPage(wiki.id, "Deposit");
    const trashed = await aPage(wiki.id, "Old draft", at(0));
    const older = await aThread(page.id, ann.id, at(1));
    const newer = await aThread(second.id, bob.id, at(2));
    const resolved = await aThread(page.id, ann.id, at(3));
    await aThread(trashed.id, ann.id, at(4));
    await aThread((await aPage((await aWiki(ann.id)).id)).id, ann.id, at(5));
    await aComment(newer, bob.id, "Open question.", at(2));

    await setThreadResolution(resolved, bob.id, at(10));
    expect(await findThreadWithComments(resolved)).toMatchObject({ resolvedBy: bob.id, resolvedAt: at(10), resolvedByName: "Bob Reader" });
    const open = await listOpenThreadsForWiki(wiki.id);
    expect(open.map((t) => [t.id, t.pageTitle, t.pageSlug])).toEqual([
      [newer, "Deposit", second.slug],
      [older, "Tenancy", page.slug],
    ]);
    expect(open[0].comments.map((c) => [c.body, c.authorName])).toEqual([["Open question.", "Bob Reader"]]);
    expect(open[0].createdByName).toBe("Bob Reader");

    await setThreadResolution(resolved, null, null);
    expect(await findThread(resolved)).toMatchObject({ resolvedBy: null, resolvedAt: null });
    expect((await listOpenThreadsForWiki(wiki.id)).map((t) => t.id)).toEqual([resolved, newer, older]);
  });

  it("leaves a tombstone for a deleted comment, with the thread around it", async () => {
    const { ann, bob, page } = await aSetting();
    const thread = await aThread(page.id, ann.id, at(1));
    const gone = await aComment(thread, bob.id, "Soon regretted.", at(1));
    const kept = await aComment(thread, ann.id, "A reply.", at(2));
    await markCommentDeleted(gone, ann.id, at(3));
    expect(await findComment(gone)).toMatchObject({ deletedAt: at(3), deletedBy: ann.id });
    const [listed] = await listThreadsForPage(page.id);
    expect(listed.comments.map((c) => [c.id, c.deletedAt])).toEqual([
      [gone, at(3)],
      [kept, null],
    ]);
  });

  it("finds a suggestion's thread, and resolves the open threads of decided suggestions", async () => {
    const { ann, bob, page } = await aSetting();
    const other = await aPage((await aWiki(ann.id)).id);
    const open = await aThread(page.id, bob.id, at(1), { kind: "suggestion", suggestionId: "s1" });
    const done = await aThread(page.id, bob.id, at(2), { kind: "suggestion", suggestionId: "s2" });
    await setThreadResolution(done, ann.id, at(3));
    const elsewhere = await aThread(other.id, bob.id, at(4), { kind: "suggestion", suggestionId: "s3" });

    expect((await findSuggestionThread(page.id, "s1"))?.id).toBe(open);
    expect(await findSuggestionThread(page.id, "s3")).toBeUndefined();
    expect(await resolveSuggestionThreads(page.id, [], ann.id, at(5))).toEqual([]);
    expect(await resolveSuggestionThreads(page.id, ["s1", "s2", "s3"], ann.id, at(5))).toEqual([open]);
    expect(await findThread(open)).toMatchObject({ resolvedBy: ann.id, resolvedAt: at(5) });
    expect(await findThread(done)).toMatchObject({ resolvedAt: at(3) });
    expect(await findThread(elsewhere)).toMatchObject({ resolvedAt: null });
  });

  it("starts one thread for a suggestion when two first replies race", async () => {
    const { ann, bob, page } = await aSetting();
    const threads = await inOverlappingTransactions(dialect, 3, async (i) => {
      const existing = await findSuggestionThread(page.id, "raced");
      return existing?.id ?? (await aThread(page.id, i % 2 ? bob.id : ann.id, at(1), { kind: "suggestion", suggestionId: "raced" }));
    });
    expect(new Set(threads).size).toBe(1);
    expect((await listThreadsForPage(page.id)).map((t) => t.id)).toEqual([threads[0]]);
  });

  it("lists a person's mentions and replies newest first, counts what is unread, and marks it read", async () => {
    const { ann, bob, wiki, page } = await aSetting();
    const trashed = await aPage(wiki.id, "Old draft", at(0));
    const thread = await aThread(page.id, ann.id, at(1));
    const mentioning = await aComment(thread, ann.id, "@Bob see this", at(1));
    const replying = await aComment(thread, ann.id, "A reply", at(2));
    const deleted = await aComment(thread, ann.id, "Regretted", at(3));
    await markCommentDeleted(deleted, ann.id, at(4));
    const trashedThread = await aThread(trashed.id, ann.id, at(1));
    const inTrash = await aComment(trashedThread, ann.id, "@Bob old", at(1));
    const notification = (kind: "mention" | "reply", commentId: string, createdAt: Date, threadId = thread) => ({
      id: nextId("notification"),
      userId: bob.id,
      kind,
      threadId,
      commentId,
      createdAt,
    });
    const rows = [
      notification("mention", mentioning, at(1)),
      notification("reply", replying, at(2)),
      notification("reply", deleted, at(3)),
    ];
    await insertNotifications([]);
    await insertNotifications([...rows, notification("mention", inTrash, at(4), trashedThread)]);
    await aSuggestionNotification({ pageId: page.id, actorId: ann.id, userId: bob.id, createdAt: at(5) });

    const items = await listNotifications(bob.id);
    expect(items.map((n) => [n.id, n.kind, n.deleted])).toEqual([
      [rows[2].id, "reply", true],
      [rows[1].id, "reply", false],
      [rows[0].id, "mention", false],
    ]);
    expect(items[2]).toMatchObject({
      threadId: thread,
      commentId: mentioning,
      pageId: page.id,
      pageTitle: "Tenancy",
      pageSlug: page.slug,
      wikiId: wiki.id,
      body: "@Bob see this",
      authorName: "Ann Author",
      readAt: null,
    });
    expect(items[2].createdAt).toEqual(at(1));
    expect((await listNotifications(bob.id, 1)).map((n) => n.id)).toEqual([rows[2].id]);
    expect(await listNotifications(ann.id)).toEqual([]);

    // Three comment items and the suggestion item; not the one on a trashed page.
    expect(await countUnreadNotifications(bob.id)).toBe(4);
    await markNotificationsRead(bob.id);
    expect(await countUnreadNotifications(bob.id)).toBe(0);
    expect((await listNotifications(bob.id)).every((n) => n.readAt instanceof Date)).toBe(true);
  });
});

describeOnBothDialects("lib/commands/comments", (dialect) => {
  it("resolves and reopens a thread, refusing to do either twice or on another page's thread", async () => {
    const { ann, bob, wiki, page } = await aSetting();
    const thread = await aThread(page.id, ann.id, at(1));
    await setThreadResolved(page.id, thread, bob.id, true);
    expect(await findThread(thread)).toMatchObject({ resolvedBy: bob.id });
    await expect(setThreadResolved(page.id, thread, bob.id, true)).rejects.toEqual(rejectsWith("conflict"));
    await setThreadResolved(page.id, thread, ann.id, false);
    expect(await findThread(thread)).toMatchObject({ resolvedBy: null, resolvedAt: null });
    await expect(setThreadResolved(page.id, thread, ann.id, false)).rejects.toEqual(rejectsWith("conflict"));
    const other = await aPage(wiki.id, "Other");
    await expect(setThreadResolved(other.id, thread, ann.id, true)).rejects.toEqual(rejectsWith("not_found"));
    expect(await findThread(thread)).toMatchObject({ resolvedAt: null });
  });

  it("writes nothing when a command fails halfway: no thread, no reply, no new wording", async () => {
    const { ann, bob, wiki, page } = await aSetting();
    const thread = await aThread(page.id, ann.id, at(1));
    const comment = await aComment(thread, ann.id, "As first written.", at(1));
    const before = await listThreadsForPage(page.id);
    // Each command writes its thread and comment (or the comment's new body) before the wording.
    await whileRefusingInserts(dialect, "comment_revisions", async () => {
      await expect(
        createThread({ id: page.id, wikiId: wiki.id }, bob.id, { body: "A new thread.", anchor: { kind: "page" } }),
      ).rejects.toThrow();
      await expect(replyToThread({ id: page.id, wikiId: wiki.id }, thread, bob.id, "A reply.")).rejects.toThrow();
      await expect(editComment(comment, ann.id, "Rewritten.")).rejects.toThrow();
    });
    expect(await listThreadsForPage(page.id)).toEqual(before);
    expect(await findComment(comment)).toMatchObject({ body: "As first written.", editedAt: null });
    expect((await listCommentRevisions(comment)).map((r) => r.body)).toEqual(["As first written."]);
  });

  it("starts threads on a quote, a block and the page, with replies, edits and deletions", async () => {
    const { ann, bob, wiki, page } = await aSetting();
    const json = {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "The tenant shall pay rent monthly in advance." }] },
        { type: "paragraph", content: [{ type: "text", text: "The deposit is two months' rent." }] },
      ],
    };
    const ydoc = Buffer.from(Y.encodeStateAsUpdate(ydocFromJSON(json)));
    await insertRows(pageContents, [{ pageId: page.id, ydoc, json: JSON.stringify(json), text: "" }]);
    const target = { id: page.id, wikiId: wiki.id };

    const onQuote = await createThread(target, bob.id, { body: "Monthly? @Ann", anchor: { kind: "quote", quote: "pay rent monthly" } });
    const onBlock = await createThread(target, ann.id, { body: "How much?", anchor: { kind: "block", index: 1 } });
    const onPage = await createThread(target, ann.id, { body: "General remark.", anchor: { kind: "page" } });
    await expect(createThread(target, ann.id, { body: "Nowhere.", anchor: { kind: "quote", quote: "not in the page" } })).rejects.toEqual(
      rejectsWith("bad_request"),
    );
    await expect(createThread(target, ann.id, { body: "   ", anchor: { kind: "page" } })).rejects.toEqual(rejectsWith("bad_request"));
    const threads = await listThreadsForPage(page.id);
    expect(threads.map((t) => [t.id, t.anchorKind, t.quote, t.blockId])).toEqual([
      [onQuote, "text", "pay rent monthly", null],
      [onBlock, "block", "The deposit is two months' rent.", "1"],
      [onPage, "page", "", null],
    ]);
    expect(threads[0].anchorStart).not.toBeNull();

    const reply = await replyToThread(target, onQuote, ann.id, "Yes, in advance.");
    await expect(replyToThread({ id: "no-such-page", wikiId: wiki.id }, onQuote, ann.id, "Lost.")).rejects.toEqual(
      rejectsWith("not_found"),
    );
    expect((await listNotifications(ann.id)).map((n) => n.kind)).toEqual(["mention"]);
    expect((await listNotifications(bob.id)).map((n) => [n.kind, n.commentId])).toEqual([["reply", reply]]);

    await editComment(reply, ann.id, "Yes, in advance. @Bob");
    await editComment(reply, ann.id, "Yes, in advance. @Bob");
    await expect(editComment(reply, bob.id, "Not mine.")).rejects.toEqual(rejectsWith("forbidden"));
    expect((await listCommentRevisions(reply)).map((r) => r.body)).toEqual(["Yes, in advance.", "Yes, in advance. @Bob"]);
    expect((await listNotifications(bob.id)).map((n) => n.kind).sort()).toEqual(["mention", "reply"]);

    await expect(deleteComment(reply, bob.id, "editor")).rejects.toEqual(rejectsWith("forbidden"));
    await deleteComment(reply, ann.id, "owner");
    expect(await findComment(reply)).toMatchObject({ deletedBy: ann.id });
    await expect(deleteComment(reply, ann.id, "owner")).rejects.toEqual(rejectsWith("not_found"));
    await expect(editComment(reply, ann.id, "Back.")).rejects.toEqual(rejectsWith("conflict"));
    expect((await findThreadWithComments(onQuote))!.comments.map((c) => !!c.deletedAt)).toEqual([false, true]);
  });
});
