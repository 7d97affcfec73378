import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import type { Page } from "@/db/schema";
import { connectClient, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { snapshotDatabase } from "../helpers/db-snapshot";
import { blockText, markKey, openRawSession, readableBlocks, sendEdit, suggestionAttrs } from "../helpers/raw-collab";
import { callApi } from "../helpers/server";
import { holdsFor, waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * Deciding suggestions over REST (issue 19), by role, against the real server: the decision is a
 * live change that every open editor receives, the first of two decisions wins and the second is
 * answered 409, and the list carries each suggestion's status.
 */

type TestUser = Awaited<ReturnType<typeof makeUser>>;

const server = withServer({
  prefix: "opinio-suggestions-rest-",
  env: { COMPACT_IDLE_MS: "600000", VERSION_IDLE_MS: "600000", VERSION_MAX_INTERVAL_MS: "600000" },
});

let owner: TestUser;
let editor: TestUser;
let reviewer: TestUser;
let otherReviewer: TestUser;
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
  otherReviewer = await makeUser("Remo Reviewer");
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
        { user: otherReviewer, role: "reviewer" },
        { user: commenter, role: "commenter" },
        { user: viewer, role: "viewer" },
      ],
      "The obligation is binding.\n\nSecond paragraph.",
    )
  ).page;
}

async function watchingEditor(page: Page): Promise<TestClient> {
  const watcher = connectClient(server.url, page.id, { token: editor.token });
  clients.push(watcher);
  await waitFor(() => expect(watcher.provider.isSynced).toBe(true));
  return watcher;
}

/** `who` proposes replacing "binding" with "emerging" (one suggestion id), over its own collab connection. */
async function suggestReplacement(page: Page, who: TestUser, watcher: TestClient): Promise<string> {
  const id = `s${who.id.slice(0, 6)}${++counter}`;
  const session = await openRawSession(server.url, who.token, page.id, sockets);
  sendEdit(session, (body) => blockText(body, 0).format(18, 7, { [markKey("suggestionDelete", id)]: suggestionAttrs(id, who.id) }));
  sendEdit(session, (body) =>
    blockText(body, 0).insert(25, "emerging", { [markKey("suggestionInsert", id)]: suggestionAttrs(id, who.id) }),
  );
  await waitFor(() => expect(readableBlocks(watcher.doc)[0]).toContain("[+emerging+]"));
  return id;
}

/** `who` proposes inserting `text` at the start of the second paragraph. */
async function suggestInsertion(page: Page, who: TestUser, text: string): Promise<string> {
  const id = `s${who.id.slice(0, 6)}${++counter}`;
  const session = await openRawSession(server.url, who.token, page.id, sockets);
  sendEdit(session, (body) => blockText(body, 1).insert(0, text, { [markKey("suggestionInsert", id)]: suggestionAttrs(id, who.id) }));
  await waitFor(async () => {
    const list = await api(editor, "GET", `/pages/${page.id}/suggestions`);
    expect((list.json as { suggestions: { id: string }[] }).suggestions.map((s) => s.id)).toContain(id);
  });
  return id;
}

type Listed = { id: string; kind: string; authorId: string; authorName: string | null; createdAt: string; text: string; status: string };
const listOf = async (page: Page, user: TestUser = viewer) =>
  ((await api(user, "GET", `/pages/${page.id}/suggestions`)).json as { suggestions: Listed[] }).suggestions;

async function auditActions(pageId: string): Promise<string[]> {
  const rows = (await snapshotDatabase(["audit_events"])).audit_events.map((line) => JSON.parse(line) as AuditRow);
  return rows
    .filter((row) => row.target_id === pageId && row.action.startsWith("suggestion."))
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((row) => row.action);
}
type AuditRow = { id: number | string; action: string; target_id: string | null };

describe("listing", () => {
  it("shows members the pending suggestion with its author, kind and summary; strangers get 404", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const id = await suggestReplacement(page, reviewer, watcher);
    expect(await listOf(page)).toEqual([
      {
        id,
        kind: "replace",
        authorId: reviewer.id,
        authorName: "Rita Reviewer",
        createdAt: "2026-12-04T07:00:00.000Z",
        text: "Replace 'binding' with 'emerging'",
        status: "pending",
      },
    ]);
    expect((await api(stranger, "GET", `/pages/${page.id}/suggestions`)).status).toBe(404);
    expect((await api(null, "GET", `/pages/${page.id}/suggestions`)).status).toBe(401);
  });
});

describe("deciding one suggestion", () => {
  it("refuses reviewers, commenters and viewers (403), strangers (404) and unknown ids (404), changing nothing", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const id = await suggestReplacement(page, reviewer, watcher);
    for (const user of [reviewer, otherReviewer, commenter, viewer]) {
      expect((await api(user, "POST", `/suggestions/${id}/accept`)).status, user.name).toBe(403);
      expect((await api(user, "POST", `/suggestions/${id}/reject`)).status, user.name).toBe(403);
    }
    expect((await api(stranger, "POST", `/suggestions/${id}/accept`)).status).toBe(404);
    expect((await api(stranger, "POST", `/suggestions/${id}/withdraw`)).status).toBe(404);
    expect((await api(editor, "POST", `/suggestions/snosuchsuggestion1/accept`)).status).toBe(404);
    expect((await api(editor, "POST", `/suggestions/${encodeURIComponent("bad id%")}/accept`)).status).toBe(404);
    // Withdrawing is for the author alone: not another reviewer, not an editor, not a viewer.
    for (const user of [otherReviewer, editor, owner, viewer])
      expect((await api(user, "POST", `/suggestions/${id}/withdraw`)).status, user.name).toBe(403);
    await holdsFor(() => expect(readableBlocks(watcher.doc)[0]).toBe("The obligation is [-binding-][+emerging+]."), 200);
    expect((await listOf(page))[0].status).toBe("pending");
    expect(await auditActions(page.id)).toEqual([]);
  });

  it("accepts live for everyone; a second decision, concurrent or later, is told 409", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const id = await suggestReplacement(page, reviewer, watcher);
    const [first, second] = await Promise.all([
      api(editor, "POST", `/suggestions/${id}/accept`),
      api(owner, "POST", `/suggestions/${id}/accept`),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const winner = first.status === 200 ? first : second;
    expect(winner.json).toMatchObject({ id, kind: "replace", status: "accepted", authorName: "Rita Reviewer" });
    expect((first.status === 409 ? first : second).json).toMatchObject({ error: { code: "conflict" } });
    await waitFor(() => expect(readableBlocks(watcher.doc)).toEqual(["The obligation is emerging.", "Second paragraph."]));
    expect((await api(editor, "POST", `/suggestions/${id}/reject`)).status).toBe(409);
    expect((await api(reviewer, "POST", `/suggestions/${id}/withdraw`)).status).toBe(409);
    expect(await listOf(page)).toEqual([expect.objectContaining({ id, status: "accepted" })]);
    expect(await auditActions(page.id)).toEqual(["suggestion.accepted"]);
  });

  it("rejects, and lets the author withdraw", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const rejected = await suggestReplacement(page, reviewer, watcher);
    expect((await api(editor, "POST", `/suggestions/${rejected}/reject`)).status).toBe(200);
    await waitFor(() => expect(readableBlocks(watcher.doc)[0]).toBe("The obligation is binding."));
    const withdrawn = await suggestReplacement(page, otherReviewer, watcher);
    expect((await api(otherReviewer, "POST", `/suggestions/${withdrawn}/withdraw`)).json).toMatchObject({ status: "withdrawn" });
    await waitFor(() => expect(readableBlocks(watcher.doc)[0]).toBe("The obligation is binding."));
    expect((await listOf(page)).map((s) => [s.id, s.status]).sort()).toEqual(
      [
        [rejected, "rejected"],
        [withdrawn, "withdrawn"],
      ].sort(),
    );
    expect((await auditActions(page.id)).sort()).toEqual(["suggestion.rejected", "suggestion.withdrawn"]);
  });
});

describe("accept-all and reject-all", () => {
  it("decide one author's or every pending suggestion (editors and owners only)", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const rita = await suggestInsertion(page, reviewer, "Rita's ");
    const remo = await suggestInsertion(page, otherReviewer, "Remo's ");
    expect((await api(reviewer, "POST", `/pages/${page.id}/suggestions/accept-all`, {})).status).toBe(403);
    expect((await api(stranger, "POST", `/pages/${page.id}/suggestions/accept-all`, {})).status).toBe(404);
    expect((await api(editor, "POST", `/pages/${page.id}/suggestions/accept-all`, { authorId: 7 })).status).toBe(400);
    const some = await api(editor, "POST", `/pages/${page.id}/suggestions/accept-all`, { authorId: reviewer.id });
    expect(some.json).toEqual({ decided: 1 });
    await waitFor(() => expect(readableBlocks(watcher.doc)[1]).toBe("[+Remo's +]Rita's Second paragraph."));
    expect((await api(owner, "POST", `/pages/${page.id}/suggestions/reject-all`, {})).json).toEqual({ decided: 1 });
    await waitFor(() => expect(readableBlocks(watcher.doc)[1]).toBe("Rita's Second paragraph."));
    expect((await api(owner, "POST", `/pages/${page.id}/suggestions/reject-all`, {})).json).toEqual({ decided: 0 });
    expect((await listOf(page)).map((s) => [s.id, s.status]).sort()).toEqual(
      [
        [rita, "accepted"],
        [remo, "rejected"],
      ].sort(),
    );
  });
});

describe("who may suggest", () => {
  it("commenters may not: their connection is read-only and their update is never applied", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const session = await openRawSession(server.url, commenter.token, page.id, sockets);
    sendEdit(session, (body) =>
      blockText(body, 0).insert(0, "Cleo's ", { [markKey("suggestionInsert", "c")]: suggestionAttrs("scleo", commenter.id) }),
    );
    await holdsFor(() => expect(readableBlocks(watcher.doc)[0]).toBe("The obligation is binding."), 400);
    expect(await listOf(page)).toEqual([]);
  });
});

describe("restoring a version that held suggestions", () => {
  it("brings them back pending: one decided since under a fresh id, one still pending under its own", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const replaced = await suggestReplacement(page, reviewer, watcher);
    const inserted = await suggestInsertion(page, otherReviewer, "Remo's ");
    const saved = await api(editor, "POST", `/pages/${page.id}/versions`, { name: "With both proposals" });
    expect(saved.status).toBe(201);
    expect((await api(editor, "POST", `/suggestions/${replaced}/accept`)).status).toBe(200);
    await waitFor(() => expect(readableBlocks(watcher.doc)[0]).toBe("The obligation is emerging."));

    expect((await api(editor, "POST", `/pages/${page.id}/restore`, { version: saved.json.number })).status).toBe(201);
    await waitFor(() =>
      expect(readableBlocks(watcher.doc)).toEqual(["The obligation is [-binding-][+emerging+].", "[+Remo's +]Second paragraph."]),
    );
    const listed = await listOf(page);
    const pending = listed.filter((s) => s.status === "pending");
    expect(pending.map((s) => s.id)).not.toContain(replaced);
    expect(pending).toEqual([
      expect.objectContaining({ kind: "replace", authorId: reviewer.id, text: "Replace 'binding' with 'emerging'" }),
      expect.objectContaining({ id: inserted, authorId: otherReviewer.id }),
    ]);
    expect(listed.filter((s) => s.status !== "pending")).toEqual([expect.objectContaining({ id: replaced, status: "accepted" })]);
    // The revived suggestion is decided like any other.
    expect((await api(editor, "POST", `/suggestions/${pending[0].id}/reject`)).status).toBe(200);
    await waitFor(() => expect(readableBlocks(watcher.doc)[0]).toBe("The obligation is binding."));
  });
});
