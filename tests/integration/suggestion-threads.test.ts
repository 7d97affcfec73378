import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import type { Page } from "@/db/schema";
import { connectClient, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { blockText, markKey, openRawSession, readableBlocks, sendEdit, suggestionAttrs } from "../helpers/raw-collab";
import { callApi } from "../helpers/server";
import { snapshotDatabase } from "../helpers/db-snapshot";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * A suggestion's reply thread over REST (issue 19, point 3), against the real server: the thread
 * creation endpoint takes `anchor: {kind: "suggestion", suggestionId}`, checks that the page holds
 * that pending suggestion, keeps one thread per suggestion, lets everyone who may comment reply
 * (reviewers too), writes nothing on bad input, and resolves the thread when the suggestion is
 * decided, where it stays readable.
 */

type TestUser = Awaited<ReturnType<typeof makeUser>>;
type Thread = {
  id: string;
  anchor: { kind: string; suggestionId: string | null };
  quote: string;
  status: string;
  resolvedBy: { id: string; name: string } | null;
  comments: { body: string | null; author: { id: string } | null }[];
};

const server = withServer({
  prefix: "opinio-suggestion-threads-",
  env: { COMPACT_IDLE_MS: "600000", VERSION_IDLE_MS: "600000", VERSION_MAX_INTERVAL_MS: "600000" },
});

let owner: TestUser;
let editor: TestUser;
let reviewer: TestUser;
let commenter: TestUser;
let viewer: TestUser;
let stranger: TestUser;
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];
let counter = 0;

beforeAll(async () => {
  owner = await makeUser("Orla Owner");
  editor = await makeUser("Emil Editor");
  reviewer = await makeUser("Rita Reviewer");
  commenter = await makeUser("Cleo Commenter");
  viewer = await makeUser("Vito Viewer");
  stranger = await makeUser("Sol Stranger");
  await makeWikiWithMembers(stranger, [], "The stranger's own page.");
});

afterAll(() => {
  for (const client of clients) client.destroy();
  for (const socket of sockets) socket.terminate();
});

const api = (user: TestUser | null, method: string, path: string, body?: unknown) =>
  callApi(server, user?.token ?? null, method, path, body);

async function freshPage(): Promise<Page> {
  return (
    await makeWikiWithMembers(
      owner,
      [
        { user: editor, role: "editor" },
        { user: reviewer, role: "reviewer" },
        { user: commenter, role: "commenter" },
        { user: viewer, role: "viewer" },
      ],
      "The obligation is binding.\n\nSecond paragraph.",
    )
  ).page;
}

/** The reviewer proposes replacing "binding" with "emerging", over its own collab connection. */
async function suggestReplacement(page: Page): Promise<string> {
  const watcher = connectClient(server.url, page.id, { token: editor.token });
  clients.push(watcher);
  await waitFor(() => expect(watcher.provider.isSynced).toBe(true));
  const id = `s${reviewer.id.slice(0, 6)}${++counter}`;
  const session = await openRawSession(server.url, reviewer.token, page.id, sockets);
  sendEdit(session, (body) => blockText(body, 0).format(18, 7, { [markKey("suggestionDelete", id)]: suggestionAttrs(id, reviewer.id) }));
  sendEdit(session, (body) =>
    blockText(body, 0).insert(25, "emerging", { [markKey("suggestionInsert", id)]: suggestionAttrs(id, reviewer.id) }),
  );
  await waitFor(() => expect(readableBlocks(watcher.doc)[0]).toContain("[+emerging+]"));
  return id;
}

const reply = (user: TestUser | null, page: Page, suggestionId: unknown, body = "Why this word?") =>
  api(user, "POST", `/pages/${page.id}/threads`, { body, anchor: { kind: "suggestion", suggestionId } });

const threadsOf = async (page: Page) => ((await api(owner, "GET", `/pages/${page.id}/threads`)).json as { threads: Thread[] }).threads;

/** Rows that a refused request must not have written. */
async function written(): Promise<{ threads: number; comments: number; notifications: number }> {
  const rows = await snapshotDatabase(["comment_threads", "comments", "notifications"]);
  return { threads: rows.comment_threads.length, comments: rows.comments.length, notifications: rows.notifications.length };
}

describe("replying to a suggestion", () => {
  it("starts the suggestion's one thread on the first reply, which reviewers, commenters, editors and owners may all join", async () => {
    const page = await freshPage();
    const id = await suggestReplacement(page);

    const first = await reply(reviewer, page, id, "I changed it because the practice is not settled.");
    expect(first.status).toBe(201);
    const thread = first.json as Thread;
    expect(thread.anchor).toMatchObject({ kind: "suggestion", suggestionId: id });
    expect(thread.quote).toBe("Replace 'binding' with 'emerging'");
    expect(thread.status).toBe("open");

    // A second "first reply" (two people at once, or a stale page) joins the same thread.
    for (const user of [commenter, editor, owner]) {
      const again = await reply(user, page, id, `Reply by ${user.name}`);
      expect(again.status).toBe(201);
      expect((again.json as Thread).id).toBe(thread.id);
    }
    // Replies through the ordinary thread endpoint work too.
    expect((await api(reviewer, "POST", `/threads/${thread.id}/comments`, { body: "Thanks, all." })).status).toBe(201);

    const threads = await threadsOf(page);
    expect(threads.filter((t) => t.anchor.suggestionId === id)).toHaveLength(1);
    expect(threads[0].comments.map((c) => c.author?.id)).toEqual([reviewer.id, commenter.id, editor.id, owner.id, reviewer.id]);
  });

  it("tells the suggester of a reply to their suggestion (inbox)", async () => {
    const page = await freshPage();
    const id = await suggestReplacement(page);
    expect((await reply(editor, page, id, "Is 'emerging' supported by the sources?")).status).toBe(201);
    const inbox = (await api(reviewer, "GET", "/me/inbox")).json as { items: { kind: string; body: string | null }[] };
    expect(inbox.items).toContainEqual(expect.objectContaining({ kind: "reply", body: "Is 'emerging' supported by the sources?" }));
  });

  it("refuses viewers (403), strangers (404) and anonymous callers (401), writing nothing", async () => {
    const page = await freshPage();
    const id = await suggestReplacement(page);
    const before = await written();
    expect((await reply(viewer, page, id)).status).toBe(403);
    expect((await reply(stranger, page, id)).status).toBe(404);
    expect((await reply(null, page, id)).status).toBe(401);
    expect(await written()).toEqual(before);
  });

  it("answers an unknown, malformed or other page's suggestion with a clear 400, writing nothing", async () => {
    const page = await freshPage();
    const elsewhere = await freshPage();
    const otherId = await suggestReplacement(elsewhere);
    await suggestReplacement(page);
    const before = await written();

    const unknown = await reply(editor, page, "no-such-suggestion");
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.json)).toContain("No pending suggestion with that id on this page");
    expect((await reply(editor, page, otherId)).status).toBe(400);
    for (const bad of ["", "../etc", "x".repeat(65), 42, null]) expect((await reply(editor, page, bad)).status).toBe(400);
    expect((await api(editor, "POST", `/pages/${page.id}/threads`, { body: "Hm", anchor: { kind: "suggestion" } })).status).toBe(400);
    // An empty body is refused before anything else.
    expect((await reply(editor, page, otherId, "   ")).status).toBe(400);
    expect(await written()).toEqual(before);
  });
});

describe("once the suggestion is decided", () => {
  it("its thread is resolved by whoever decided and stays readable; a new thread on it is refused (409)", async () => {
    const page = await freshPage();
    const id = await suggestReplacement(page);
    const thread = (await reply(reviewer, page, id, "Please consider this.")).json as Thread;

    expect((await api(editor, "POST", `/suggestions/${id}/accept`)).status).toBe(200);
    await waitFor(async () => {
      const decided = (await threadsOf(page)).find((t) => t.id === thread.id)!;
      expect(decided.status).toBe("resolved");
      expect(decided.resolvedBy?.id).toBe(editor.id);
      expect(decided.comments.map((c) => c.body)).toEqual(["Please consider this."]);
    });

    const before = await written();
    const late = await reply(commenter, page, id);
    expect(late.status).toBe(409);
    expect(JSON.stringify(late.json)).toContain("already accepted");
    expect(await written()).toEqual(before);
  });

  it("rejecting all of one author's suggestions resolves the threads of those's suggestions only", async () => {
    const page = await freshPage();
    const id = await suggestReplacement(page);
    const thread = (await reply(commenter, page, id)).json as Thread;
    const other = (await api(commenter, "POST", `/pages/${page.id}/threads`, { body: "A passage", quote: "Second" })).json as Thread;

    expect((await api(editor, "POST", `/pages/${page.id}/suggestions/reject-all`, { authorId: reviewer.id })).status).toBe(200);
    await waitFor(async () => expect((await threadsOf(page)).find((t) => t.id === thread.id)?.status).toBe("resolved"));
    expect((await threadsOf(page)).find((t) => t.id === other.id)?.status).toBe("open");
  });
});
