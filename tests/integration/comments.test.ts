import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { loadPageState } from "@/db/queries/page-content";
import type { Page, Wiki } from "@/db/schema";
import { createPage } from "@/lib/commands/pages";
import { resolveAnchor } from "@/lib/comments/anchors";
import { createThread, replyToThread, setThreadResolved } from "@/lib/commands/comments";
import type { ThreadView } from "@/lib/comments/present";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { connectClient, isAcknowledged, paragraphs, type TestClient } from "../helpers/collab-client";
import { snapshotDatabase } from "../helpers/db-snapshot";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi, type ApiCallOptions } from "../helpers/server";
import { clockTick, waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

type TestUser = Awaited<ReturnType<typeof makeUser>>;

const server = withServer();
const clients: TestClient[] = [];
let owner: TestUser;
let editor: TestUser;
let commenter: TestUser;
let viewer: TestUser;
/** A second commenter: the "someone else" whose comments the others try to change. */
let bystander: TestUser;
let outsider: TestUser;
let wiki: Wiki;
let page: Page;
/** A page in a wiki where only the outsider has a role. */
let foreignPage: Page;

const SENTENCE = "The tenant shall pay rent monthly in advance.";
const QUOTE = "pay rent monthly";

function connect(token: string, pageId = page.id): TestClient {
  const client = connectClient(server.url, pageId, { token });
  clients.push(client);
  return client;
}

/** A REST call with a Bearer token (or none). JSON bodies unless `raw` is given. */
const api = (token: string | null, method: string, path: string, body?: unknown, options?: ApiCallOptions) =>
  callApi(server, token, method, path, body, options);

async function threadsOf(pageId: string, token = owner.token): Promise<ThreadView[]> {
  const res = await api(token, "GET", `/pages/${pageId}/threads`);
  expect(res.status).toBe(200);
  return res.json.threads as ThreadView[];
}

async function threadById(threadId: string, pageId = page.id): Promise<ThreadView> {
  const thread = (await threadsOf(pageId)).find((t) => t.id === threadId);
  expect(thread).toBeDefined();
  return thread!;
}

/** Every row of the comment tables, to prove a refused request changed nothing. */
const snapshot = () => snapshotDatabase(["comment_threads", "comments", "comment_revisions", "notifications"]);

// Fixtures written in-process through the same commands the routes call.
const seedThread = (author: { id: string }, body = "A seeded opening comment.") =>
  createThread(page, author.id, { body, anchor: { kind: "page" } });
const seedReply = (threadId: string, author: { id: string }, body = "A seeded reply.") => replyToThread(page, threadId, author.id, body);

/** The page body rebuilt from what is stored (compacted state plus the update log). */
async function storedDoc(pageId: string): Promise<Y.Doc> {
  const state = (await loadPageState(pageId))!;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state.ydoc);
  for (const entry of state.updates) Y.applyUpdate(doc, entry.update);
  return doc;
}

function currentPassage(doc: Y.Doc, thread: ThreadView): string | null {
  const resolved = resolveAnchor(doc, Buffer.from(thread.anchor.start!, "base64"), Buffer.from(thread.anchor.end!, "base64"));
  return resolved?.text ?? null;
}

function firstText(doc: Y.Doc, block = 0): Y.XmlText {
  return (doc.getXmlFragment(DOCUMENT_FRAGMENT).get(block) as Y.XmlElement).get(0) as Y.XmlText;
}

beforeAll(async () => {
  owner = await makeUser("Olive Owner");
  editor = await makeUser("Eddie Editor");
  commenter = await makeUser("Cora Commenter");
  viewer = await makeUser("Vera Viewer");
  bystander = await makeUser("Brook Bystander");
  outsider = await makeUser("Oscar Outsider");
  ({ wiki, page } = await makeWikiWithMembers(
    owner,
    [
      { user: editor, role: "editor" },
      { user: commenter, role: "commenter" },
      { user: viewer, role: "viewer" },
      { user: bystander, role: "commenter" },
    ],
    `${SENTENCE}\n\nThe landlord shall keep the roof in repair.`,
  ));
  foreignPage = (await makeWikiWithMembers(outsider, [], "Another wiki's confidential page.")).page;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
});

describe("anchors on the live page", () => {
  it("follow concurrent typing from two clients before and inside the passage, not after it, then detach when it is deleted", async () => {
    const target = await createPage({ wikiId: wiki.id, title: "Lease", markdown: `${SENTENCE}\n\nSecond paragraph.` }, owner.id);
    const created = await api(commenter.token, "POST", `/pages/${target.id}/threads`, { body: "Which month?", quote: QUOTE });
    expect(created.status).toBe(201);
    const thread = created.json as unknown as ThreadView;
    expect(thread).toMatchObject({ quote: QUOTE, detached: false, status: "open", anchor: { kind: "text" } });

    const a = connect(owner.token, target.id);
    const b = connect(editor.token, target.id);
    await waitFor(() => expect(a.provider.isSynced && b.provider.isSynced).toBe(true));
    const start = SENTENCE.indexOf(QUOTE);
    const end = start + QUOTE.length;
    // Both type before either has seen the other's change.
    firstText(a.doc).insert(end, " and promptly"); // right after the passage: stays outside
    firstText(a.doc).insert(start + "pay ".length, "the "); // inside: stretches it
    firstText(b.doc).insert(start, "also "); // right before it: stays outside
    firstText(b.doc).insert(0, "Furthermore, "); // well before it: shifts it
    const expected = "Furthermore, The tenant shall also pay the rent monthly and promptly in advance.";
    await waitFor(() => {
      expect(isAcknowledged(a) && isAcknowledged(b)).toBe(true);
      expect(paragraphs(a.doc)[0]).toBe(expected);
      expect(paragraphs(b.doc)[0]).toBe(expected);
    });

    const [afterTyping] = await threadsOf(target.id);
    expect(afterTyping.detached).toBe(false);
    expect(afterTyping.quote).toBe(QUOTE);
    const stored = await storedDoc(target.id);
    expect(firstText(stored).toString()).toBe(expected);
    expect(currentPassage(stored, afterTyping)).toBe("pay the rent monthly");
    expect(currentPassage(b.doc, afterTyping)).toBe("pay the rent monthly");

    // Delete exactly the (stretched) passage from one client.
    const from = expected.indexOf("pay the rent monthly");
    firstText(b.doc).delete(from, "pay the rent monthly".length);
    await waitFor(() => expect(isAcknowledged(b)).toBe(true));
    await waitFor(() => expect(paragraphs(a.doc)[0]).toBe("Furthermore, The tenant shall also  and promptly in advance."));
    const [afterDelete] = await threadsOf(target.id);
    expect(afterDelete).toMatchObject({ id: thread.id, detached: true, quote: QUOTE, status: "open" });
    expect(afterDelete.comments.map((c) => c.body)).toEqual(["Which month?"]);
    expect(currentPassage(await storedDoc(target.id), afterDelete)).toBeNull();
  });

  it("accepts the editor's own selection positions, and a whole block (a heading)", async () => {
    const target = await createPage(
      { wikiId: wiki.id, title: "Sections", markdown: "# Article 1. Rent\n\nRent is due monthly." },
      owner.id,
    );
    const client = connect(commenter.token, target.id);
    await waitFor(() => expect(client.provider.isSynced).toBe(true));
    const text = firstText(client.doc, 1);
    const anchor = {
      start: Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, 0, 0))).toString("base64"),
      end: Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, 4, -1))).toString("base64"),
      quote: "Rent",
    };
    const selection = await api(commenter.token, "POST", `/pages/${target.id}/threads`, { body: "Define rent.", anchor });
    expect(selection.status).toBe(201);
    expect(selection.json).toMatchObject({
      quote: "Rent",
      detached: false,
      anchor: { kind: "text", start: anchor.start, end: anchor.end },
    });
    expect(currentPassage(await storedDoc(target.id), selection.json as unknown as ThreadView)).toBe("Rent");

    const block = await api(commenter.token, "POST", `/pages/${target.id}/threads`, { body: "This whole article is unclear.", blockId: 0 });
    expect(block.status).toBe(201);
    expect(block.json).toMatchObject({ quote: "Article 1. Rent", detached: false, anchor: { kind: "block", blockIndex: 0 } });
    // A heading's thread covers its whole section (several text runs), so no single passage text.
    expect(currentPassage(await storedDoc(target.id), block.json as unknown as ThreadView)).toBe("");

    const whole = await api(commenter.token, "POST", `/pages/${target.id}/threads`, { body: "General remark." });
    expect(whole.status).toBe(201);
    expect(whole.json).toMatchObject({ quote: "", detached: false, anchor: { kind: "page", start: null, end: null } });
  });

  // Undo restores the text with new Yjs items; only the undoing client links them to the deleted
  // ones (`item.redone` is in no update), so the server re-attaches by the quote when it is on the
  // page exactly once (lib/comments/present.ts). The unit test "re-attaches only on the replica
  // that undid" pins the Yjs behaviour that makes this necessary.
  it("re-attaches for everyone when the deleting editor undoes the deletion", async () => {
    const target = await createPage({ wikiId: wiki.id, title: "Undo", markdown: SENTENCE }, owner.id);
    const created = await api(commenter.token, "POST", `/pages/${target.id}/threads`, { body: "Keep this.", quote: QUOTE });
    const thread = created.json as unknown as ThreadView;
    const client = connect(editor.token, target.id);
    await waitFor(() => expect(client.provider.isSynced).toBe(true));
    const undo = new Y.UndoManager(client.doc.getXmlFragment(DOCUMENT_FRAGMENT), { trackedOrigins: new Set([null]) });
    firstText(client.doc).delete(SENTENCE.indexOf(QUOTE), QUOTE.length);
    await waitFor(() => expect(isAcknowledged(client)).toBe(true));
    expect((await threadById(thread.id, target.id)).detached).toBe(true);

    undo.undo();
    expect(paragraphs(client.doc)).toEqual([SENTENCE]);
    // The undoing client itself finds the passage again…
    expect(currentPassage(client.doc, thread)).toBe(QUOTE);
    await waitFor(() => expect(isAcknowledged(client)).toBe(true));
    // …and so should the server, which computes `detached` from the stored updates (it does not yet).
    expect((await threadById(thread.id, target.id)).detached).toBe(false);
  });
});

describe("comment edit history", () => {
  it("keeps every wording in order with its time; an unchanged edit adds nothing", async () => {
    const created = await api(commenter.token, "POST", `/pages/${page.id}/threads`, { body: "First wording.", quote: "keep the roof" });
    expect(created.status).toBe(201);
    const commentId = (created.json as unknown as ThreadView).comments[0].id;
    expect((created.json as unknown as ThreadView).comments[0]).toMatchObject({ body: "First wording.", versions: 1, editedAt: null });

    for (const body of ["Second wording.", "Third wording."]) {
      await clockTick();
      const edited = await api(commenter.token, "PATCH", `/comments/${commentId}`, { body });
      expect(edited.status).toBe(200);
    }
    const revisions = await api(viewer.token, "GET", `/comments/${commentId}/revisions`);
    expect(revisions.status).toBe(200);
    const list = revisions.json.revisions as { number: number; body: string; createdAt: string }[];
    expect(list.map((r) => [r.number, r.body])).toEqual([
      [1, "First wording."],
      [2, "Second wording."],
      [3, "Third wording."],
    ]);
    const times = list.map((r) => Date.parse(r.createdAt));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    expect(times[0]).toBeLessThan(times[1]);
    expect(times[1]).toBeLessThan(times[2]);

    const view = (await threadById((created.json as unknown as ThreadView).id)).comments[0];
    expect(view).toMatchObject({ body: "Third wording.", versions: 3, deleted: false });
    expect(Date.parse(view.editedAt!)).toBe(times[2]);

    const before = await snapshot();
    const same = await api(commenter.token, "PATCH", `/comments/${commentId}`, { body: "  Third wording.\n" });
    expect(same.status).toBe(200);
    expect(await snapshot()).toEqual(before);
    expect(((await api(viewer.token, "GET", `/comments/${commentId}/revisions`)).json.revisions as unknown[]).length).toBe(3);
  });
});

describe("deleting comments", () => {
  it("leaves a tombstone and the other replies; owners may delete anyone's, editors only their own", async () => {
    const threadId = await seedThread(bystander, "Opening remark.");
    const mine = await seedReply(threadId, commenter, "My reply, soon regretted.");
    const editors = await seedReply(threadId, editor, "Editor's reply.");
    const last = await seedReply(threadId, bystander, "A later reply.");

    expect((await api(commenter.token, "DELETE", `/comments/${mine}`)).status).toBe(204);
    let thread = await threadById(threadId);
    expect(thread.comments.map((c) => [c.id, c.body, c.deleted])).toEqual([
      [thread.comments[0].id, "Opening remark.", false],
      [mine, null, true],
      [editors, "Editor's reply.", false],
      [last, "A later reply.", false],
    ]);
    // The deleted wording is gone from view everywhere, and it cannot be edited or deleted again.
    expect((await api(commenter.token, "GET", `/comments/${mine}/revisions`)).json.revisions).toEqual([]);
    expect((await api(commenter.token, "PATCH", `/comments/${mine}`, { body: "Back again" })).status).toBe(409);
    expect((await api(commenter.token, "DELETE", `/comments/${mine}`)).status).toBe(404);

    const before = await snapshot();
    const refused = await api(editor.token, "DELETE", `/comments/${last}`);
    expect(refused.status).toBe(403);
    expect(await snapshot()).toEqual(before);

    expect((await api(owner.token, "DELETE", `/comments/${editors}`)).status).toBe(204);
    thread = await threadById(threadId);
    expect(thread.comments.map((c) => c.deleted)).toEqual([false, true, true, false]);
    expect(thread.status).toBe("open");
  });
});

type Role = "viewer" | "commenter" | "editor" | "owner" | "non-member" | "no token";
const ROLES: Role[] = ["viewer", "commenter", "editor", "owner", "non-member", "no token"];
type Request = { method: string; path: string; body?: unknown };

/**
 * Every comment operation: how to aim it for an actor (fresh targets each time, so allowed writes
 * do not disturb later cases), and which member roles may do it. Outsiders always get 404,
 * anonymous callers 401, members below the needed role 403.
 */
const OPERATIONS: {
  name: string;
  write: boolean;
  allowed: Role[];
  success: number;
  request(actor: TestUser | null): Request | Promise<Request>;
}[] = [
  {
    name: "list a page's threads",
    write: false,
    allowed: ["viewer", "commenter", "editor", "owner"],
    success: 200,
    request: () => ({ method: "GET", path: `/pages/${page.id}/threads` }),
  },
  {
    name: "start a thread",
    write: true,
    allowed: ["commenter", "editor", "owner"],
    success: 201,
    request: () => ({ method: "POST", path: `/pages/${page.id}/threads`, body: { body: "A new thread.", quote: "roof" } }),
  },
  {
    name: "reply",
    write: true,
    allowed: ["commenter", "editor", "owner"],
    success: 201,
    request: async () => ({ method: "POST", path: `/threads/${await seedThread(bystander)}/comments`, body: { body: "A reply." } }),
  },
  {
    // The viewer's and the outsider's "own" comments date from when they could still comment.
    name: "edit own comment",
    write: true,
    allowed: ["commenter", "editor", "owner"],
    success: 200,
    request: async (actor) => ({
      method: "PATCH",
      path: `/comments/${await seedReply(await seedThread(bystander), actor ?? bystander)}`,
      body: { body: "Reworded." },
    }),
  },
  {
    name: "edit someone else's comment",
    write: true,
    allowed: [],
    success: 200,
    request: async () => ({
      method: "PATCH",
      path: `/comments/${await seedReply(await seedThread(bystander), bystander)}`,
      body: { body: "Put words in their mouth." },
    }),
  },
  {
    name: "delete own comment",
    write: true,
    allowed: ["commenter", "editor", "owner"],
    success: 204,
    request: async (actor) => ({ method: "DELETE", path: `/comments/${await seedReply(await seedThread(bystander), actor ?? bystander)}` }),
  },
  {
    name: "delete someone else's comment",
    write: true,
    allowed: ["owner"],
    success: 204,
    request: async () => ({ method: "DELETE", path: `/comments/${await seedReply(await seedThread(bystander), bystander)}` }),
  },
  {
    name: "resolve a thread",
    write: true,
    allowed: ["commenter", "editor", "owner"],
    success: 200,
    request: async () => ({ method: "POST", path: `/threads/${await seedThread(bystander)}/resolve` }),
  },
  {
    name: "reopen a thread",
    write: true,
    allowed: ["commenter", "editor", "owner"],
    success: 200,
    request: async () => {
      const threadId = await seedThread(bystander);
      await setThreadResolved(page.id, threadId, bystander.id, true);
      return { method: "POST", path: `/threads/${threadId}/reopen` };
    },
  },
  {
    name: "read a comment's revisions",
    write: false,
    allowed: ["viewer", "commenter", "editor", "owner"],
    success: 200,
    request: async () => ({ method: "GET", path: `/comments/${await seedReply(await seedThread(bystander), bystander)}/revisions` }),
  },
  {
    name: "list the wiki's open threads",
    write: false,
    allowed: ["viewer", "commenter", "editor", "owner"],
    success: 200,
    request: () => ({ method: "GET", path: `/wikis/${wiki.id}/threads` }),
  },
];

function actorFor(role: Role): TestUser | null {
  return { viewer, commenter, editor, owner, "non-member": outsider, "no token": null }[role];
}

function expectedStatus(op: (typeof OPERATIONS)[number], role: Role): number {
  if (role === "no token") return 401;
  if (role === "non-member") return 404;
  return op.allowed.includes(role) ? op.success : 403;
}

describe("authorization matrix", () => {
  for (const op of OPERATIONS) {
    describe(op.name, () => {
      for (const role of ROLES) {
        const expected = expectedStatus(op, role);
        it(`${role}: ${expected}${expected >= 400 ? ", nothing changed" : ""}`, async () => {
          const actor = actorFor(role);
          const request = await op.request(actor);
          const before = await snapshot();
          const res = await api(actor?.token ?? null, request.method, request.path, request.body);
          expect(res.status, res.text).toBe(expected);
          if (expected >= 400) {
            expect(res.json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
            expect(await snapshot()).toEqual(before);
          } else if (!op.write) {
            expect(await snapshot()).toEqual(before);
          } else {
            expect(await snapshot()).not.toEqual(before);
          }
        });
      }
    });
  }

  it("answers 401 to a made-up token and to an anonymous inbox request", async () => {
    const before = await snapshot();
    expect((await api("opn_not-a-real-token", "POST", `/pages/${page.id}/threads`, { body: "Hi", quote: "roof" })).status).toBe(401);
    expect((await api(null, "GET", "/me/inbox")).status).toBe(401);
    expect((await api(null, "POST", "/me/inbox")).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });
});

describe("bad input", () => {
  it("refuses empty, blank and over-long comments everywhere a body is written", async () => {
    const threadId = await seedThread(commenter);
    const commentId = await seedReply(threadId, commenter, "Editable.");
    const tooLong = "x".repeat(10_001);
    const before = await snapshot();
    for (const body of ["", "   \n\t ", tooLong]) {
      expect((await api(commenter.token, "POST", `/pages/${page.id}/threads`, { body })).status).toBe(400);
      expect((await api(commenter.token, "POST", `/threads/${threadId}/comments`, { body })).status).toBe(400);
      expect((await api(commenter.token, "PATCH", `/comments/${commentId}`, { body })).status).toBe(400);
    }
    expect((await api(commenter.token, "POST", `/pages/${page.id}/threads`, {})).status).toBe(400);
    expect((await api(commenter.token, "POST", `/pages/${page.id}/threads`, { body: 42 })).status).toBe(400);
    expect(await snapshot()).toEqual(before);
    // Exactly at the limit is fine, surrounding whitespace not counted.
    const atLimit = await api(commenter.token, "POST", `/threads/${threadId}/comments`, { body: `  ${"y".repeat(10_000)}  ` });
    expect(atLimit.status).toBe(201);
    expect((atLimit.json as unknown as ThreadView).comments.at(-1)!.body).toBe("y".repeat(10_000));
  });

  it("refuses anchors that are not on the page", async () => {
    const before = await snapshot();
    const missingQuote = await api(commenter.token, "POST", `/pages/${page.id}/threads`, { body: "Hm.", quote: "not on this page" });
    expect(missingQuote.status).toBe(400);
    expect((await api(commenter.token, "POST", `/pages/${page.id}/threads`, { body: "Hm.", blockId: 99 })).status).toBe(400);
    expect((await api(commenter.token, "POST", `/pages/${page.id}/threads`, { body: "Hm.", blockId: -1 })).status).toBe(400);
    // Positions taken from another page's document.
    const other = await createPage({ wikiId: wiki.id, title: "Other", markdown: SENTENCE }, owner.id);
    const foreign = await api(commenter.token, "POST", `/pages/${other.id}/threads`, { body: "There.", quote: QUOTE });
    const { anchor } = foreign.json as unknown as ThreadView;
    const afterForeign = await snapshot();
    const moved = await api(commenter.token, "POST", `/pages/${page.id}/threads`, {
      body: "Here?",
      anchor: { start: anchor.start, end: anchor.end, quote: QUOTE },
    });
    expect(moved.status).toBe(400);
    const garbage = await api(commenter.token, "POST", `/pages/${page.id}/threads`, {
      body: "Here?",
      anchor: { start: "AAAA", end: "////", quote: "x" },
    });
    expect(garbage.status).toBe(400);
    expect(await snapshot()).toEqual(afterForeign);
    expect(before).not.toBe(afterForeign);
  });

  it("refuses bodies that are not JSON: text/plain 415, malformed JSON 400", async () => {
    const threadId = await seedThread(commenter);
    const before = await snapshot();
    const plain = await api(commenter.token, "POST", `/pages/${page.id}/threads`, undefined, {
      raw: JSON.stringify({ body: "Hi" }),
      contentType: "text/plain",
    });
    expect(plain.status).toBe(415);
    expect(
      (
        await api(commenter.token, "POST", `/threads/${threadId}/comments`, undefined, {
          raw: "body=hi",
          contentType: "application/x-www-form-urlencoded",
        })
      ).status,
    ).toBe(415);
    const broken = await api(commenter.token, "POST", `/pages/${page.id}/threads`, undefined, { raw: '{"body": "Hi",' });
    expect(broken.status).toBe(400);
    expect(broken.json).toMatchObject({ error: { code: "invalid_json" } });
    expect((await api(commenter.token, "POST", `/threads/${threadId}/comments`, undefined, { raw: "not json" })).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses threads and replies on pages of a wiki the caller has no role in, and unknown ids", async () => {
    const foreignThread = await createThread(foreignPage, outsider.id, { body: "Internal note.", anchor: { kind: "page" } });
    const foreignComment = await replyToThread(foreignPage, foreignThread, outsider.id, "Another internal note.");
    const before = await snapshot();
    const attempts = [
      await api(commenter.token, "POST", `/pages/${foreignPage.id}/threads`, { body: "Sneaking in.", quote: "confidential" }),
      await api(owner.token, "POST", `/pages/${foreignPage.id}/threads`, { body: "Sneaking in." }),
      await api(commenter.token, "GET", `/pages/${foreignPage.id}/threads`),
      await api(commenter.token, "POST", `/threads/${foreignThread}/comments`, { body: "Sneaking in." }),
      await api(owner.token, "POST", `/threads/${foreignThread}/resolve`),
      await api(owner.token, "PATCH", `/comments/${foreignComment}`, { body: "Rewritten." }),
      await api(owner.token, "DELETE", `/comments/${foreignComment}`),
      await api(owner.token, "GET", `/comments/${foreignComment}/revisions`),
      await api(commenter.token, "POST", `/threads/does-not-exist/comments`, { body: "Hello?" }),
      await api(commenter.token, "PATCH", `/comments/does-not-exist`, { body: "Hello?" }),
      await api(commenter.token, "POST", `/pages/does-not-exist/threads`, { body: "Hello?" }),
    ];
    expect(attempts.map((r) => r.status)).toEqual(attempts.map(() => 404));
    for (const r of attempts) expect(r.text).not.toContain("confidential");
    for (const r of attempts) expect(r.text).not.toContain("internal note");
    expect(await snapshot()).toEqual(before);
  });
});

describe("HTML in comments", () => {
  it("is stored and returned verbatim, as text, on every read path", async () => {
    const body = `<script>alert("x")</script> <img src=x onerror="alert(1)"> <b>bold</b> & [link](javascript:alert(1)) @vera`;
    const created = await api(commenter.token, "POST", `/pages/${page.id}/threads`, { body });
    expect(created.status).toBe(201);
    const thread = created.json as unknown as ThreadView;
    expect(thread.comments[0].body).toBe(body);
    expect((await threadById(thread.id)).comments[0].body).toBe(body);
    const listed = (await api(viewer.token, "GET", `/wikis/${wiki.id}/threads`)).json.threads as ThreadView[];
    expect(listed.find((t) => t.id === thread.id)!.comments[0].body).toBe(body);
    const revisions = (await api(viewer.token, "GET", `/comments/${thread.comments[0].id}/revisions`)).json.revisions as { body: string }[];
    expect(revisions.map((r) => r.body)).toEqual([body]);
    const inbox = (await api(viewer.token, "GET", "/me/inbox")).json.items as { commentId: string; body: string }[];
    expect(inbox.find((i) => i.commentId === thread.comments[0].id)?.body).toBe(body);

    const edited = `${body} <iframe src="https://evil.example"></iframe>`;
    const patched = await api(commenter.token, "PATCH", `/comments/${thread.comments[0].id}`, { body: edited });
    expect((patched.json as unknown as ThreadView).comments[0].body).toBe(edited);
  });
});

describe("live updates", () => {
  it("tells every client with the page open, within a second, about each new thread, reply, edit, resolve, reopen and delete", async () => {
    const watcher = connect(viewer.token);
    const elsewhere = connect(
      viewer.token,
      (await createPage({ wikiId: wiki.id, title: "Elsewhere", markdown: "Unrelated." }, owner.id)).id,
    );
    await waitFor(() => expect(watcher.provider.isSynced && elsewhere.provider.isSynced).toBe(true));
    const heard: { at: number; message: { type: string; threadId: string } }[] = [];
    watcher.provider.on("stateless", ({ payload }: { payload: string }) => heard.push({ at: Date.now(), message: JSON.parse(payload) }));
    let strayMessages = 0;
    elsewhere.provider.on("stateless", () => strayMessages++);

    /** Runs a REST change and waits at most 1 s (from before the request) for the announcement. */
    async function expectAnnounced(change: () => Promise<{ status: number }>, threadId: () => string) {
      const seen = heard.length;
      const startedAt = Date.now();
      const res = await change();
      expect(res.status).toBeLessThan(300);
      const [first] = await waitFor(
        () => {
          const fresh = heard.slice(seen).filter((h) => h.message.type === "comments" && h.message.threadId === threadId());
          expect(fresh.length).toBeGreaterThan(0);
          return fresh;
        },
        { timeout: 1000, interval: 5 },
      );
      expect(first.at - startedAt).toBeLessThan(1000);
    }

    let threadId = "";
    let replyId = "";
    await expectAnnounced(
      async () => {
        const res = await api(commenter.token, "POST", `/pages/${page.id}/threads`, { body: "Live thread.", quote: "roof" });
        threadId = (res.json as unknown as ThreadView).id;
        return res;
      },
      () => threadId,
    );
    await expectAnnounced(
      async () => {
        const res = await api(bystander.token, "POST", `/threads/${threadId}/comments`, { body: "Live reply." });
        replyId = (res.json as unknown as ThreadView).comments.at(-1)!.id;
        return res;
      },
      () => threadId,
    );
    await expectAnnounced(
      () => api(bystander.token, "PATCH", `/comments/${replyId}`, { body: "Live reply, edited." }),
      () => threadId,
    );
    await expectAnnounced(
      () => api(editor.token, "POST", `/threads/${threadId}/resolve`),
      () => threadId,
    );
    await expectAnnounced(
      () => api(editor.token, "POST", `/threads/${threadId}/reopen`),
      () => threadId,
    );
    await expectAnnounced(
      () => api(bystander.token, "DELETE", `/comments/${replyId}`),
      () => threadId,
    );
    expect(strayMessages).toBe(0);
  });
});

describe("mentions and the inbox", () => {
  type Item = {
    id: string;
    kind: string;
    read: boolean;
    threadId: string;
    commentId: string;
    page: { id: string; title: string };
    author: string;
    body: string | null;
  };
  const inbox = async (user: TestUser) => {
    const res = await api(user.token, "GET", "/me/inbox");
    expect(res.status).toBe(200);
    return res.json.items as Item[];
  };

  it("puts a mention in the mentioned member's inbox, and replies in the thread starter's; marks them read", async () => {
    const created = await api(commenter.token, "POST", `/pages/${page.id}/threads`, {
      body: "@eddie, is the roof clause enforceable? @oscar @cora",
      quote: "roof",
    });
    const thread = created.json as unknown as ThreadView;
    const mention = (await inbox(editor)).find((i) => i.threadId === thread.id);
    expect(mention).toMatchObject({
      kind: "mention",
      read: false,
      commentId: thread.comments[0].id,
      author: commenter.name,
      page: { id: page.id },
    });
    expect(mention!.body).toContain("is the roof clause enforceable?");
    // Not a member, and not oneself: no notifications.
    expect((await inbox(outsider)).filter((i) => i.threadId === thread.id)).toEqual([]);
    expect((await inbox(commenter)).filter((i) => i.threadId === thread.id)).toEqual([]);

    const reply = await api(bystander.token, "POST", `/threads/${thread.id}/comments`, { body: "I think it is." });
    const replyId = (reply.json as unknown as ThreadView).comments.at(-1)!.id;
    const starter = (await inbox(commenter)).filter((i) => i.threadId === thread.id);
    expect(starter).toEqual([
      expect.objectContaining({ kind: "reply", commentId: replyId, author: bystander.name, body: "I think it is.", read: false }),
    ]);
    // Being mentioned once does not make the editor a participant.
    expect((await inbox(editor)).filter((i) => i.threadId === thread.id).map((i) => i.kind)).toEqual(["mention"]);

    // The editor joins the thread; now the next reply reaches both earlier participants.
    await api(editor.token, "POST", `/threads/${thread.id}/comments`, { body: "Agreed." });
    await api(commenter.token, "POST", `/threads/${thread.id}/comments`, { body: "Settled then." });
    expect((await inbox(bystander)).filter((i) => i.threadId === thread.id).map((i) => i.kind)).toEqual(["reply", "reply"]);
    expect((await inbox(editor)).filter((i) => i.threadId === thread.id).map((i) => i.kind)).toEqual(["reply", "mention"]);

    expect((await inbox(commenter)).some((i) => !i.read)).toBe(true);
    const marked = await api(commenter.token, "POST", "/me/inbox");
    expect(marked.status).toBe(200);
    expect((await inbox(commenter)).every((i) => i.read)).toBe(true);
    // Marking one's own inbox read leaves others' alone.
    expect((await inbox(editor)).some((i) => !i.read)).toBe(true);
  });

  it("tells people newly mentioned by an edit, and nobody twice", async () => {
    const created = await api(commenter.token, "POST", `/pages/${page.id}/threads`, { body: "A thought for @eddie.", quote: "roof" });
    const thread = created.json as unknown as ThreadView;
    const commentId = thread.comments[0].id;
    const edited = await api(commenter.token, "PATCH", `/comments/${commentId}`, { body: "A thought for @eddie and @brook." });
    expect(edited.status).toBe(200);
    const kinds = async (user: TestUser) => (await inbox(user)).filter((i) => i.commentId === commentId).map((i) => i.kind);
    expect(await kinds(editor)).toEqual(["mention"]);
    expect(await kinds(bystander)).toEqual(["mention"]);
  });
});

describe("resolve and reopen", () => {
  it("records who resolved and when, refuses doing it twice, and keeps resolved threads out of the open list", async () => {
    const created = await api(bystander.token, "POST", `/pages/${page.id}/threads`, { body: "Is this settled?", quote: "landlord" });
    const threadId = (created.json as unknown as ThreadView).id;
    const openIds = async () =>
      ((await api(viewer.token, "GET", `/wikis/${wiki.id}/threads`)).json.threads as ThreadView[]).map((t) => t.id);
    expect(await openIds()).toContain(threadId);

    const startedAt = Date.now();
    const resolved = await api(commenter.token, "POST", `/threads/${threadId}/resolve`);
    expect(resolved.status).toBe(200);
    expect(resolved.json).toMatchObject({ id: threadId, status: "resolved", resolvedBy: { id: commenter.id, name: commenter.name } });
    const at = Date.parse((resolved.json as unknown as ThreadView).resolvedAt!);
    expect(at).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);

    const before = await snapshot();
    const again = await api(editor.token, "POST", `/threads/${threadId}/resolve`);
    expect(again.status).toBe(409);
    expect(await snapshot()).toEqual(before);
    expect(await threadById(threadId)).toMatchObject({ status: "resolved", resolvedBy: { id: commenter.id } });
    expect(await openIds()).not.toContain(threadId);

    const reopened = await api(owner.token, "POST", `/threads/${threadId}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.json).toMatchObject({ status: "open", resolvedBy: null, resolvedAt: null });
    expect(await openIds()).toContain(threadId);
    expect((await api(owner.token, "POST", `/threads/${threadId}/reopen`)).status).toBe(409);
  });

  it("lists open threads across the wiki's pages with page, quote, author and age, newest first", async () => {
    const second = await createPage({ wikiId: wiki.id, title: "Schedule", markdown: "Payment schedule." }, owner.id);
    const a = await api(commenter.token, "POST", `/pages/${page.id}/threads`, { body: "One.", quote: "tenant" });
    await clockTick();
    const b = await api(editor.token, "POST", `/pages/${second.id}/threads`, { body: "Two.", quote: "schedule" });
    const threads = (await api(viewer.token, "GET", `/wikis/${wiki.id}/threads`)).json.threads as (ThreadView & {
      page: { id: string; title: string; slug: string };
    })[];
    const ids = threads.map((t) => t.id);
    const ia = ids.indexOf((a.json as unknown as ThreadView).id);
    const ib = ids.indexOf((b.json as unknown as ThreadView).id);
    expect(ib).toBeGreaterThanOrEqual(0);
    expect(ib).toBeLessThan(ia);
    expect(threads[ib]).toMatchObject({
      quote: "schedule",
      status: "open",
      createdBy: { id: editor.id, name: editor.name },
      page: { id: second.id, title: "Schedule" },
    });
    expect(Date.parse(threads[ib].createdAt)).toBeGreaterThan(0);
    expect(threads.every((t) => t.status === "open")).toBe(true);
  });
});
