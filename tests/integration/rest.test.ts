import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPageById, findRedirect, listPages } from "@/db/queries/pages";
import { listRevisions } from "@/db/queries/revisions";
import { listMembers, listPendingInvites } from "@/db/queries/wikis";
import type { Page, Wiki } from "@/db/schema";
import { createPage } from "@/lib/commands/pages";
import { createApiToken, revokeApiToken } from "@/lib/commands/tokens";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi, type ApiCallOptions } from "../helpers/server";
import { snapshotDatabase } from "../helpers/db-snapshot";
import { sessionCookie } from "../helpers/session-cookie";
import { withServer } from "../helpers/with-server";

type TestUser = Awaited<ReturnType<typeof makeUser>>;
type Json = Record<string, unknown> & { error?: { code: string; message: string } };
type Reply = { status: number; type: string; body: Json | Json[] | null };

const server = withServer({ prefix: "opinio-rest-" });
let owner: TestUser;
let editor: TestUser;
let commenter: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let revokedToken: string;
let wiki: Wiki;
let page: Page;
let childPage: Page;
let otherWikiPage: Page;

/**
 * One request to the API. `body` is sent as JSON; `raw` is sent verbatim (with `contentType`).
 * `token: null` sends no Authorization header at all.
 */
async function api(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown } & Omit<ApiCallOptions, "redirect"> = {},
): Promise<Reply> {
  const { token = owner.token, body, ...call } = options;
  // Redirects are part of what these tests check, so they are not followed.
  const reply = await callApi(server, token, method, path, body, { ...call, redirect: "manual" });
  // Parsed strictly: every reply here with a body must be JSON.
  return {
    status: reply.status,
    type: reply.headers.get("content-type") ?? "",
    body: reply.text ? (JSON.parse(reply.text) as Json) : null,
  };
}

function expectError(reply: Reply, status: number, code: string): void {
  expect({ status: reply.status, code: (reply.body as Json | null)?.error?.code }).toEqual({ status, code });
  expect(reply.type).toMatch(/^application\/json/);
  expect(reply.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

/**
 * Everything an API write could touch, read straight from the database the server uses. Token
 * rows are left out: using a token stamps its `last_used_at`, which is not a change to guard.
 */
const databaseState = () =>
  snapshotDatabase(["users", "wikis", "wiki_members", "invites", "pages", "page_slug_redirects", "page_contents", "page_updates"]);

/** Runs a request that must be refused and asserts the refusal and that the database is untouched. */
async function expectRefused(request: () => Promise<Reply>, status: number, code: string): Promise<void> {
  const before = await databaseState();
  expectError(await request(), status, code);
  expect(await databaseState()).toEqual(before);
}

beforeAll(async () => {
  owner = await makeUser("Olivia Owner");
  editor = await makeUser("Eddie Editor");
  commenter = await makeUser("Cora Commenter");
  viewer = await makeUser("Vera Viewer");
  outsider = await makeUser("Oscar Outsider");
  const revoked = await createApiToken(owner.id, "revoked");
  expect(await revokeApiToken(owner.id, revoked.id)).toBe(true);
  revokedToken = revoked.token;
  ({ wiki, page } = await makeWikiWithMembers(
    owner,
    [
      { user: editor, role: "editor" },
      { user: commenter, role: "commenter" },
      { user: viewer, role: "viewer" },
    ],
    "# Duty of prevention\n\nStates must not knowingly allow their territory to be used.",
  ));
  childPage = await createPage({ wikiId: wiki.id, title: "Child strand", parentId: page.id }, owner.id);
  otherWikiPage = (await makeWikiWithMembers(outsider, [], "Secret strategy memo.")).page;
});

afterAll(async () => {
  if (process.env.DEBUG_SERVER) console.log(server.output());
});

// ---------------------------------------------------------------------------------------------
// Refusals, generated for every endpoint from one table.
// ---------------------------------------------------------------------------------------------

type Endpoint = {
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: () => string;
  /** A body the allowed caller would have had accepted. */
  body?: () => unknown;
  /** Roles in the fixture wiki that are too low (403). */
  tooLow?: () => TestUser[];
  /** Someone with no role in the wiki gets 404. */
  outsiderGets404?: boolean;
  /** Bodies that must fail validation with 400 bad_request. */
  invalid?: () => unknown[];
};

const ENDPOINTS: Endpoint[] = [
  { name: "GET /me", method: "GET", path: () => "/me" },
  { name: "GET /wikis", method: "GET", path: () => "/wikis" },
  {
    name: "POST /wikis",
    method: "POST",
    path: () => "/wikis",
    body: () => ({ name: "A wiki that must not appear" }),
    invalid: () => [
      {},
      { name: "" },
      { name: "   " },
      { name: 42 },
      { name: "x".repeat(121) },
      { name: "ok", description: "d".repeat(501) },
      [],
    ],
  },
  { name: "GET /wikis/{wikiId}/members", method: "GET", path: () => `/wikis/${wiki.id}/members`, outsiderGets404: true },
  {
    name: "POST /wikis/{wikiId}/members",
    method: "POST",
    path: () => `/wikis/${wiki.id}/members`,
    body: () => ({ email: outsider.email, role: "editor" }),
    tooLow: () => [editor, commenter, viewer],
    outsiderGets404: true,
    invalid: () => [
      {},
      { email: outsider.email },
      { email: "not-an-email", role: "editor" },
      { email: outsider.email, role: "admin" },
      { email: 7, role: "viewer" },
    ],
  },
  {
    name: "PUT /wikis/{wikiId}/members/{userId}",
    method: "PUT",
    path: () => `/wikis/${wiki.id}/members/${viewer.id}`,
    body: () => ({ role: "editor" }),
    tooLow: () => [editor, commenter, viewer],
    outsiderGets404: true,
    invalid: () => [{}, { role: "admin" }, { role: null }, "editor"],
  },
  {
    name: "DELETE /wikis/{wikiId}/members/{userId}",
    method: "DELETE",
    path: () => `/wikis/${wiki.id}/members/${viewer.id}`,
    tooLow: () => [editor, commenter, viewer],
    outsiderGets404: true,
  },
  { name: "GET /wikis/{wikiId}/pages", method: "GET", path: () => `/wikis/${wiki.id}/pages`, outsiderGets404: true },
  {
    name: "POST /wikis/{wikiId}/pages",
    method: "POST",
    path: () => `/wikis/${wiki.id}/pages`,
    body: () => ({ title: "A page that must not appear", markdown: "Nothing." }),
    tooLow: () => [commenter, viewer],
    outsiderGets404: true,
    invalid: () => [
      {},
      { title: "" },
      { title: "t".repeat(201) },
      { title: "Fine", markdown: 12 },
      { title: "Fine", parentId: "" },
      { title: "Fine", parentId: "no-such-page" },
      { title: "Fine", parentId: otherWikiPage.id },
    ],
  },
  { name: "GET /pages/{pageId}", method: "GET", path: () => `/pages/${page.id}`, outsiderGets404: true },
  {
    name: "PATCH /pages/{pageId}",
    method: "PATCH",
    path: () => `/pages/${page.id}`,
    body: () => ({ title: "Renamed by someone who may not" }),
    tooLow: () => [commenter, viewer],
    outsiderGets404: true,
    invalid: () => [
      {},
      { title: "" },
      { position: "first" },
      { parentId: page.id },
      { parentId: childPage.id },
      { parentId: otherWikiPage.id },
      // A valid rename with a refused move: neither may happen.
      { title: "Half-written rename", parentId: childPage.id },
    ],
  },
  {
    name: "DELETE /pages/{pageId}",
    method: "DELETE",
    path: () => `/pages/${page.id}`,
    tooLow: () => [commenter, viewer],
    outsiderGets404: true,
  },
];

describe.each(ENDPOINTS.map((e) => [e.name, e] as const))("%s refuses", (_name, endpoint) => {
  const send = (token: string | null, extra: Parameters<typeof api>[2] = {}) =>
    api(endpoint.method, endpoint.path(), { token, body: endpoint.body?.(), ...extra });

  it("a request without a token (401)", async () => {
    await expectRefused(() => send(null), 401, "unauthorized");
  });

  it("a revoked token (401)", async () => {
    await expectRefused(() => send(revokedToken), 401, "unauthorized");
  });

  it("a made-up token and a non-Bearer Authorization header (401)", async () => {
    await expectRefused(() => send("opn_not-a-real-token"), 401, "unauthorized");
    await expectRefused(
      () => send(null, { headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` } }),
      401,
      "unauthorized",
    );
  });

  if (endpoint.outsiderGets404) {
    it("someone with no role in the wiki (404, existence not revealed)", async () => {
      await expectRefused(() => send(outsider.token), 404, "not_found");
    });
  }

  if (endpoint.tooLow) {
    it("members whose role is too low (403)", async () => {
      for (const user of endpoint.tooLow!()) await expectRefused(() => send(user.token), 403, "forbidden");
    });
  }

  if (endpoint.body) {
    it("a body that is not JSON (400 invalid_json)", async () => {
      await expectRefused(() => send(owner.token, { raw: "{ not json" }), 400, "invalid_json");
      await expectRefused(() => send(owner.token, { raw: "" }), 400, "invalid_json");
    });

    it("a text/plain body, even if it holds JSON (415)", async () => {
      const raw = JSON.stringify(endpoint.body!());
      await expectRefused(() => send(owner.token, { raw, contentType: "text/plain" }), 415, "unsupported_media_type");
      await expectRefused(
        () => send(owner.token, { raw, contentType: "application/x-www-form-urlencoded" }),
        415,
        "unsupported_media_type",
      );
    });

    it("bodies that fail validation (400 bad_request)", async () => {
      for (const body of endpoint.invalid?.() ?? []) {
        await expectRefused(() => api(endpoint.method, endpoint.path(), { token: owner.token, body }), 400, "bad_request");
      }
    });
  }
});

describe("missing resources", () => {
  it("answers 404 for unknown wikis, pages and members, and for trashed pages", async () => {
    await expectRefused(() => api("GET", "/wikis/nope/members"), 404, "not_found");
    await expectRefused(() => api("GET", "/wikis/nope/pages"), 404, "not_found");
    await expectRefused(() => api("POST", "/wikis/nope/pages", { body: { title: "X" } }), 404, "not_found");
    await expectRefused(() => api("GET", "/pages/nope"), 404, "not_found");
    await expectRefused(() => api("PATCH", "/pages/nope", { body: { title: "X" } }), 404, "not_found");
    await expectRefused(() => api("DELETE", "/pages/nope"), 404, "not_found");
    await expectRefused(() => api("PUT", `/wikis/${wiki.id}/members/${outsider.id}`, { body: { role: "viewer" } }), 404, "not_found");
    await expectRefused(() => api("DELETE", `/wikis/${wiki.id}/members/${outsider.id}`), 404, "not_found");
    // The outsider's own page is as invisible to the owner here as the owner's is to them.
    await expectRefused(() => api("GET", `/pages/${otherWikiPage.id}`), 404, "not_found");
  });
});

// ---------------------------------------------------------------------------------------------
// What works.
// ---------------------------------------------------------------------------------------------

/** A fresh wiki made through the API, so each scenario below starts from a known state. */
async function newWiki(name = "Attribution standards"): Promise<Json> {
  const reply = await api("POST", "/wikis", { body: { name, description: "Who answers for a cyber operation?" } });
  expect(reply.status).toBe(201);
  return reply.body as Json;
}

async function newPage(wikiId: string, body: Record<string, unknown>, token = owner.token): Promise<Json> {
  const reply = await api("POST", `/wikis/${wikiId}/pages`, { token, body });
  expect(reply.status).toBe(201);
  return reply.body as Json;
}

describe("GET /me", () => {
  it("tells the caller who they are", async () => {
    const reply = await api("GET", "/me", { token: editor.token });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ id: editor.id, email: editor.email, name: "Eddie Editor" });
  });
});

describe("wikis", () => {
  it("creates a wiki owned by the caller and lists it with the caller's role", async () => {
    const created = await newWiki("Due diligence and attribution");
    expect(created).toEqual({
      id: expect.any(String),
      slug: "due-diligence-and-attribution",
      name: "Due diligence and attribution",
      description: "Who answers for a cyber operation?",
      role: "owner",
      url: `${server.url}/w/due-diligence-and-attribution`,
      citationStyle: "oscola",
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(await listMembers(created.id as string)).toEqual([expect.objectContaining({ userId: owner.id, role: "owner" })]);

    const ownerList = await api("GET", "/wikis");
    expect((ownerList.body as Json[]).map((w) => [w.id, w.role])).toContainEqual([created.id, "owner"]);
    const viewerList = await api("GET", "/wikis", { token: viewer.token });
    expect(viewerList.body).toContainEqual(expect.objectContaining({ id: wiki.id, role: "viewer" }));
    expect((viewerList.body as Json[]).map((w) => w.id)).not.toContain(created.id);
    const outsiderList = await api("GET", "/wikis", { token: outsider.token });
    expect((outsiderList.body as Json[]).map((w) => w.id)).not.toContain(wiki.id);
  });

  it("defaults the description and gives a second wiki of the same name its own slug", async () => {
    const first = await api("POST", "/wikis", { body: { name: "  Same name  " } });
    const second = await api("POST", "/wikis", { body: { name: "Same name" } });
    expect(first.body).toMatchObject({ name: "Same name", description: "", slug: "same-name" });
    expect(second.body).toMatchObject({ name: "Same name", slug: "same-name-2" });
  });
});

describe("members", () => {
  it("lets any member list the members", async () => {
    const reply = await api("GET", `/wikis/${wiki.id}/members`, { token: viewer.token });
    expect(reply.status).toBe(200);
    const members = reply.body as Json[];
    expect(members).toHaveLength(4);
    expect(members).toContainEqual({ userId: editor.id, email: editor.email, name: editor.name, role: "editor" });
    expect(members).toContainEqual({ userId: owner.id, email: owner.email, name: owner.name, role: "owner" });
  });

  it("adds an existing account by e-mail (case-insensitively), and refuses a second add with 409", async () => {
    const w = await newWiki();
    const reply = await api("POST", `/wikis/${w.id}/members`, { body: { email: `  ${editor.email.toUpperCase()} `, role: "commenter" } });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ kind: "member", userId: editor.id, email: editor.email, name: editor.name, role: "commenter" });
    expect(await listMembers(w.id as string)).toContainEqual(expect.objectContaining({ userId: editor.id, role: "commenter" }));

    // The new member can now read the wiki.
    expect((await api("GET", `/wikis/${w.id}/pages`, { token: editor.token })).status).toBe(200);

    await expectRefused(() => api("POST", `/wikis/${w.id}/members`, { body: { email: editor.email, role: "viewer" } }), 409, "conflict");
  });

  it("answers with a one-time invite link when nobody has the e-mail", async () => {
    const w = await newWiki("Invite test wiki");
    const reply = await api("POST", `/wikis/${w.id}/members`, { body: { email: "new.scholar@example.test", role: "editor" } });
    expect(reply.status).toBe(201);
    const body = reply.body as Json;
    expect(body).toEqual({
      kind: "invite",
      inviteId: expect.any(String),
      email: "new.scholar@example.test",
      role: "editor",
      inviteUrl: expect.stringMatching(new RegExp(`^${server.url.replace(/\./g, "\\.")}/invite/inv_[\\w-]+$`)),
      // No SMTP_URL in this server: nothing is mailed.
      mailed: false,
    });
    expect(await listPendingInvites(w.id as string)).toEqual([
      expect.objectContaining({ id: body.inviteId, email: "new.scholar@example.test", role: "editor" }),
    ]);
    expect(await listMembers(w.id as string)).toHaveLength(1);

    // The link opens the invitation screen for this wiki.
    const screen = await fetch(body.inviteUrl as string);
    expect(screen.status).toBe(200);
    expect(await screen.text()).toContain("Invite test wiki");
  });

  it("changes a member's role", async () => {
    const w = await newWiki();
    await api("POST", `/wikis/${w.id}/members`, { body: { email: viewer.email, role: "viewer" } });
    expect((await api("POST", `/wikis/${w.id}/pages`, { token: viewer.token, body: { title: "Nope" } })).status).toBe(403);

    const reply = await api("PUT", `/wikis/${w.id}/members/${viewer.id}`, { body: { role: "editor" } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ userId: viewer.id, email: viewer.email, name: viewer.name, role: "editor" });
    expect(await listMembers(w.id as string)).toContainEqual(expect.objectContaining({ userId: viewer.id, role: "editor" }));
    // The new role takes effect at once.
    expect((await api("POST", `/wikis/${w.id}/pages`, { token: viewer.token, body: { title: "Now allowed" } })).status).toBe(201);
  });

  it("removes a member, who then cannot see the wiki", async () => {
    const w = await newWiki();
    await api("POST", `/wikis/${w.id}/members`, { body: { email: commenter.email, role: "commenter" } });
    expect((await api("GET", `/wikis/${w.id}/members`, { token: commenter.token })).status).toBe(200);

    const reply = await api("DELETE", `/wikis/${w.id}/members/${commenter.id}`);
    expect(reply.status).toBe(204);
    expect(reply.body).toBeNull();
    expect((await listMembers(w.id as string)).map((m) => m.userId)).toEqual([owner.id]);
    expectError(await api("GET", `/wikis/${w.id}/members`, { token: commenter.token }), 404, "not_found");
    expectError(await api("DELETE", `/wikis/${w.id}/members/${commenter.id}`), 404, "not_found");
  });

  it("never demotes or removes the last owner (409), but allows it once there is another owner", async () => {
    const w = await newWiki();
    await expectRefused(() => api("PUT", `/wikis/${w.id}/members/${owner.id}`, { body: { role: "editor" } }), 409, "conflict");
    await expectRefused(() => api("DELETE", `/wikis/${w.id}/members/${owner.id}`), 409, "conflict");
    // Re-asserting the owner role is not a demotion.
    expect((await api("PUT", `/wikis/${w.id}/members/${owner.id}`, { body: { role: "owner" } })).status).toBe(200);

    await api("POST", `/wikis/${w.id}/members`, { body: { email: editor.email, role: "owner" } });
    const demoted = await api("PUT", `/wikis/${w.id}/members/${owner.id}`, { body: { role: "viewer" } });
    expect(demoted.status).toBe(200);
    expect((await listMembers(w.id as string)).map((m) => [m.userId, m.role]).sort()).toEqual(
      [
        [editor.id, "owner"],
        [owner.id, "viewer"],
      ].sort(),
    );
    // The former owner is now a viewer and may no longer manage members; the new owner is the last one.
    expectError(await api("DELETE", `/wikis/${w.id}/members/${editor.id}`), 403, "forbidden");
    await expectRefused(() => api("DELETE", `/wikis/${w.id}/members/${editor.id}`, { token: editor.token }), 409, "conflict");
  });
});

describe("pages", () => {
  it("creates a page from Markdown and reads it back with JSON, text and its web address", async () => {
    const w = await newWiki("Markdown wiki");
    const markdown =
      "# Knowledge requirement\n\nA State must have **known** of the operation.\n\n- actual knowledge\n- constructive knowledge";
    const created = await newPage(w.id as string, { title: "Knowledge & capacity", markdown }, owner.token);
    expect(created).toMatchObject({
      id: expect.any(String),
      wikiId: w.id,
      title: "Knowledge & capacity",
      slug: "knowledge-capacity",
      parentId: null,
      url: `${server.url}/w/markdown-wiki/knowledge-capacity`,
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const json = created.json as { type: string; content: { type: string; attrs?: { level?: number }; content?: { text?: string }[] }[] };
    expect(json.type).toBe("doc");
    expect(json.content[0]).toMatchObject({ type: "heading", attrs: { level: 1 }, content: [{ text: "Knowledge requirement" }] });
    expect(json.content.map((n) => n.type)).toContain("bulletList");
    expect(created.text).toContain("Knowledge requirement");
    expect(created.text).toContain("A State must have known of the operation.");
    expect(created.text).toContain("constructive knowledge");

    const read = await api("GET", `/pages/${created.id}`, { token: owner.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);
  });

  it("creates an empty page without Markdown, and sub-pages under a parent", async () => {
    const w = await newWiki();
    const parent = await newPage(w.id as string, { title: "Parent" });
    expect(parent.text).toBe("");
    expect(parent.json).toMatchObject({ type: "doc" });
    const child = await newPage(w.id as string, { title: "Child", parentId: parent.id });
    expect(child.parentId).toBe(parent.id);
    // An editor may create pages too.
    await api("POST", `/wikis/${w.id}/members`, { body: { email: editor.email, role: "editor" } });
    const byEditor = await newPage(w.id as string, { title: "Parent", parentId: null }, editor.token);
    expect(byEditor.slug).toBe("parent-2");
  });

  it("lists live pages in tree order, to any member", async () => {
    const w = await newWiki();
    const a = await newPage(w.id as string, { title: "A" });
    const b = await newPage(w.id as string, { title: "B" });
    const a1 = await newPage(w.id as string, { title: "A one", parentId: a.id });
    const a1x = await newPage(w.id as string, { title: "A one x", parentId: a1.id });
    const a2 = await newPage(w.id as string, { title: "A two", parentId: a.id });
    const reply = await api("GET", `/wikis/${w.id}/pages`);
    expect(reply.status).toBe(200);
    const list = reply.body as Json[];
    expect(list.map((p) => p.title)).toEqual(["A", "A one", "A one x", "A two", "B"]);
    expect(list.map((p) => p.id)).toEqual([a.id, a1.id, a1x.id, a2.id, b.id]);
    expect(list[1]).toEqual({
      id: a1.id,
      wikiId: w.id,
      title: "A one",
      slug: "a-one",
      parentId: a.id,
      position: expect.any(Number),
      url: `${server.url}/w/${w.slug}/a-one`,
      updatedAt: expect.any(String),
    });
    // A viewer of the fixture wiki sees its pages.
    const fixture = await api("GET", `/wikis/${wiki.id}/pages`, { token: viewer.token });
    expect((fixture.body as Json[]).map((p) => p.id)).toEqual([page.id, childPage.id]);
  });

  it("lets a viewer read a page", async () => {
    const reply = await api("GET", `/pages/${page.id}`, { token: viewer.token });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: page.id, wikiId: wiki.id, title: page.title, parentId: null });
    expect((reply.body as Json).text).toContain("Duty of prevention");
  });

  it("renames a page: the slug follows the title and the old slug redirects", async () => {
    const w = await newWiki();
    const p = await newPage(w.id as string, { title: "Primary rules", markdown: "Body stays." });
    const reply = await api("PATCH", `/pages/${p.id}`, { token: owner.token, body: { title: "Primary rules of due diligence" } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      id: p.id,
      title: "Primary rules of due diligence",
      slug: "primary-rules-of-due-diligence",
      url: `${server.url}/w/${w.slug}/primary-rules-of-due-diligence`,
    });
    expect((reply.body as Json).text).toBe("Body stays.");
    expect((await findPageById(p.id as string))?.slug).toBe("primary-rules-of-due-diligence");
    expect(await findRedirect(w.id as string, "primary-rules")).toBe(p.id);

    // A new page cannot take the old address while it redirects.
    const newcomer = await newPage(w.id as string, { title: "Primary rules" });
    expect(newcomer.slug).toBe("primary-rules-2");
  });

  it("moves a page under another and back to the top level, and sets its position", async () => {
    const w = await newWiki();
    const a = await newPage(w.id as string, { title: "A" });
    const b = await newPage(w.id as string, { title: "B" });
    const moved = await api("PATCH", `/pages/${b.id}`, { body: { parentId: a.id } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: b.id, parentId: a.id, title: "B" });
    expect((await findPageById(b.id as string))?.parentId).toBe(a.id);

    const positioned = await api("PATCH", `/pages/${b.id}`, { body: { parentId: null, position: 0.5 } });
    expect(positioned.body).toMatchObject({ parentId: null, position: 0.5 });
    const list = (await api("GET", `/wikis/${w.id}/pages`)).body as Json[];
    expect(list.map((p) => p.id)).toEqual([b.id, a.id]);

    // Position alone keeps the parent.
    const c = await newPage(w.id as string, { title: "C", parentId: a.id });
    const repositioned = await api("PATCH", `/pages/${c.id}`, { body: { position: 7 } });
    expect(repositioned.body).toMatchObject({ parentId: a.id, position: 7 });
  });

  it("refuses to move a page under itself or its own descendants (400), leaving everything as it was", async () => {
    const w = await newWiki();
    const a = await newPage(w.id as string, { title: "A" });
    const b = await newPage(w.id as string, { title: "B", parentId: a.id });
    const c = await newPage(w.id as string, { title: "C", parentId: b.id });
    for (const target of [a.id, b.id, c.id]) {
      await expectRefused(() => api("PATCH", `/pages/${a.id}`, { body: { parentId: target } }), 400, "bad_request");
    }
    await expectRefused(() => api("PATCH", `/pages/${a.id}`, { body: { title: "Renamed", parentId: c.id } }), 400, "bad_request");
    expect(await findPageById(a.id as string)).toMatchObject({ title: "A", slug: "a", parentId: null });
  });

  it("lets an editor rename, move and delete", async () => {
    const w = await newWiki();
    await api("POST", `/wikis/${w.id}/members`, { body: { email: editor.email, role: "editor" } });
    const a = await newPage(w.id as string, { title: "A" });
    const b = await newPage(w.id as string, { title: "B" });
    const reply = await api("PATCH", `/pages/${b.id}`, { token: editor.token, body: { title: "B renamed", parentId: a.id } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ title: "B renamed", slug: "b-renamed", parentId: a.id });
    expect((await api("DELETE", `/pages/${b.id}`, { token: editor.token })).status).toBe(204);
  });

  it("deletes a page and its sub-pages into the trash", async () => {
    const w = await newWiki();
    const a = await newPage(w.id as string, { title: "A" });
    const a1 = await newPage(w.id as string, { title: "A one", parentId: a.id });
    const b = await newPage(w.id as string, { title: "B" });
    const reply = await api("DELETE", `/pages/${a.id}`);
    expect(reply.status).toBe(204);
    expect(reply.body).toBeNull();

    const list = (await api("GET", `/wikis/${w.id}/pages`)).body as Json[];
    expect(list.map((p) => p.id)).toEqual([b.id]);
    expect((await listPages(w.id as string)).map((p) => p.id)).toEqual([b.id]);
    expect((await findPageById(a.id as string))?.deletedAt).toBeInstanceOf(Date);
    expect((await findPageById(a1.id as string))?.deletedAt).toBeInstanceOf(Date);

    expectError(await api("GET", `/pages/${a.id}`), 404, "not_found");
    expectError(await api("GET", `/pages/${a1.id}`), 404, "not_found");
    await expectRefused(() => api("DELETE", `/pages/${a.id}`), 404, "not_found");
    await expectRefused(() => api("PATCH", `/pages/${a1.id}`, { body: { title: "Ghost" } }), 404, "not_found");
    // A trashed page cannot become a parent.
    await expectRefused(() => api("POST", `/wikis/${w.id}/pages`, { body: { title: "Orphan", parentId: a.id } }), 400, "bad_request");
  });
});

describe("versions", () => {
  it('refuses restoredFrom on POST /pages/{pageId}/versions (400): only a real restore records "Restored version N"', async () => {
    const w = await newWiki();
    const p = await newPage(w.id as string, { title: "Restorable", markdown: "Text as it stands." });
    const versionsBefore = await listRevisions(p.id as string);
    const auditBefore = await snapshotDatabase(["audit_events"]);
    for (const restoredFrom of [1, 99, "1", null]) {
      const reply = await api("POST", `/pages/${p.id}/versions`, { body: { name: "Restored version 1", restoredFrom } });
      expectError(reply, 400, "bad_request");
      expect((reply.body as Json).error!.message).toMatch(/POST \/pages\/\{pageId\}\/restore/);
    }
    expect(await listRevisions(p.id as string)).toEqual(versionsBefore);
    expect(await snapshotDatabase(["audit_events"])).toEqual(auditBefore);
    // A name alone still records a named version.
    expect((await api("POST", `/pages/${p.id}/versions`, { body: { name: "Before the rewrite" } })).status).toBe(201);
  });
});

describe("browser session", () => {
  let cookie: string;

  beforeAll(async () => {
    cookie = await sessionCookie(owner);
  });

  it("authenticates reads", async () => {
    const reply = await api("GET", "/me", { token: null, headers: { cookie } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ id: owner.id, email: owner.email, name: owner.name });
  });

  it("refuses state-changing requests without a same-origin Origin header (403)", async () => {
    const body = { name: "Cross-site wiki" };
    await expectRefused(() => api("POST", "/wikis", { token: null, body, headers: { cookie } }), 403, "forbidden");
    await expectRefused(() => api("POST", "/wikis", { token: null, body, headers: { cookie, origin: "null" } }), 403, "forbidden");
    await expectRefused(
      () => api("POST", "/wikis", { token: null, body, headers: { cookie, origin: "http://evil.example" } }),
      403,
      "forbidden",
    );
    await expectRefused(() => api("DELETE", `/pages/${page.id}`, { token: null, headers: { cookie } }), 403, "forbidden");
    await expectRefused(
      () => api("PUT", `/wikis/${wiki.id}/members/${viewer.id}`, { token: null, body: { role: "owner" }, headers: { cookie } }),
      403,
      "forbidden",
    );
  });

  it("accepts state-changing requests from the server's own origin", async () => {
    const reply = await api("POST", "/wikis", { token: null, body: { name: "Same-origin wiki" }, headers: { cookie, origin: server.url } });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ name: "Same-origin wiki", role: "owner" });
  });

  it("refuses a tampered session cookie (401)", async () => {
    await expectRefused(() => api("GET", "/me", { token: null, headers: { cookie: `${cookie}x` } }), 401, "unauthorized");
  });

  it("follows a renamed page's old web address to the new one", async () => {
    const w = await newWiki();
    const p = await newPage(w.id as string, { title: "Old title" });
    await api("PATCH", `/pages/${p.id}`, { body: { title: "New title" } });
    const response = await fetch(`${server.url}/w/${w.slug}/old-title`, { headers: { cookie }, redirect: "manual" });
    expect([301, 307, 308]).toContain(response.status);
    expect(new URL(response.headers.get("location")!, server.url).pathname).toBe(`/w/${w.slug}/new-title`);
  });
});

describe("GET /openapi.json", () => {
  type Doc = {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        {
          requestBody?: { content: Record<string, { schema: { $ref: string } }> };
          responses: Record<string, unknown>;
          security?: unknown[];
        }
      >
    >;
    components: {
      schemas: Record<string, { required?: string[]; properties?: Record<string, Record<string, unknown>> }>;
      securitySchemes: Record<string, Record<string, unknown>>;
    };
    servers: { url: string }[];
  };
  let doc: Doc;

  beforeAll(async () => {
    const reply = await api("GET", "/openapi.json", { token: null });
    expect(reply.status).toBe(200);
    doc = reply.body as unknown as Doc;
  });

  it("is public and describes OpenAPI 3.1 with bearer auth", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: `${server.url}/api/v1` }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/openapi.json"].get.security).toEqual([]);
  });

  it("lists every endpoint with its responses, the error envelope on errors", () => {
    const expected: Record<string, string[]> = {
      "/me": ["get"],
      "/wikis": ["get", "post"],
      "/wikis/{wikiId}/members": ["get", "post"],
      "/wikis/{wikiId}/members/{userId}": ["put", "delete"],
      "/wikis/{wikiId}/pages": ["get", "post"],
      "/pages/{pageId}": ["get", "patch", "delete"],
    };
    for (const [path, methods] of Object.entries(expected)) {
      expect(Object.keys(doc.paths[path] ?? {}).sort()).toEqual([...methods].sort());
      for (const method of methods) {
        const op = doc.paths[path][method];
        expect(op.responses["401"]).toMatchObject({ content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
        const body = op.requestBody?.content["application/json"].schema.$ref;
        if (body) expect(doc.components.schemas[body.split("/").pop()!]).toBeDefined();
      }
    }
    expect(doc.components.schemas.Error.properties?.error).toMatchObject({ type: "object", required: ["code", "message"] });
  });

  it("derives request bodies from the zod schemas that validate them", () => {
    expect(doc.paths["/wikis/{wikiId}/pages"].post.requestBody?.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/CreatePageRequest",
    );
    const createPage = doc.components.schemas.CreatePageRequest;
    expect(createPage.required).toEqual(["title"]);
    expect(createPage.properties?.title).toMatchObject({ type: "string", minLength: 1, maxLength: 200 });
    expect(doc.components.schemas.AddMemberRequest.properties?.role).toMatchObject({
      enum: ["owner", "editor", "reviewer", "commenter", "viewer"],
    });
    // A restore is recorded by POST /pages/{pageId}/restore only: saving a version takes no restoredFrom.
    expect(doc.components.schemas.SaveVersionRequest.properties?.restoredFrom).toMatchObject({ not: {} });
    expect(doc.components.schemas.Page.required).toEqual(
      expect.arrayContaining(["id", "wikiId", "title", "slug", "parentId", "url", "json", "text", "updatedAt"]),
    );
  });
});
