import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { getDbHandle } from "@/db/client";
import { databaseDialect, transaction } from "@/db/executor";
import { appendPageUpdate } from "@/db/queries/page-content";
import type { Page, Role, Wiki } from "@/db/schema";
import { declaredEndpoints } from "@/lib/api/endpoints";
import { can } from "@/lib/policies";
import { findWikiById } from "@/db/queries/wikis";
import { createSource } from "@/lib/commands/sources";
import { createPage, trashPage } from "@/lib/commands/pages";
import { addRelation } from "@/lib/commands/strands";
import { createApiToken, revokeApiToken } from "@/lib/commands/tokens";
import { addMember, removeMember } from "@/lib/commands/wikis";
import { createThread, replyToThread } from "@/lib/commands/comments";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { loadPageDoc } from "@/lib/pages/content";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { changedTables, settleDatabase as settle, snapshotDatabase as snapshot } from "../helpers/db-snapshot";
import { callApi, type ApiCallOptions } from "../helpers/server";
import { sessionCookie } from "../helpers/session-cookie";
import { withPostgres } from "../helpers/temp-postgres";
import { withServer } from "../helpers/with-server";

/**
 * Promise 5, "nobody gets in where they don't belong", for every REST endpoint and every server
 * action × every kind of caller. The endpoint list is read from the endpoint declarations (the
 * same ones the OpenAPI document is generated from) and from the route files, and the action list from app/**\/actions.ts and the build's server-reference
 * manifest, so an endpoint or action added without a row here fails the coverage tests below.
 *
 * A refused request must leave every table as it was and must not carry the wiki's content. The
 * allowed roles are exercised too (a matrix that refuses everything would prove nothing).
 * comments.test.ts and rest.test.ts go deeper into what allowed requests do and into validation;
 * this file is only about who may. Collab messages are in collab-authz.test.ts.
 */

type TestUser = Awaited<ReturnType<typeof makeUser>>;

/** Every kind of caller. "removed member" was an editor until the fixture removed them. */
const CALLERS = [
  "anonymous",
  "revoked token",
  "removed member",
  "owner of another wiki",
  "viewer",
  "commenter",
  "reviewer",
  "editor",
  "owner",
] as const;
type Caller = (typeof CALLERS)[number];
const MEMBER_ROLES: Role[] = ["viewer", "commenter", "reviewer", "editor", "owner"];

/** Text only members may see: it must never appear in a refused answer. */
const SECRET = "Confidential marker KESTREL-41";
const PAGE_TITLE = "Privileged strategy note";
const WIKI_NAME = "Sealed chambers";

let owner: TestUser;
let editor: TestUser;
let commenter: TestUser;
let reviewer: TestUser;
let viewer: TestUser;
/** A commenter whose comments the others try to change. */
let bystander: TestUser;
let removed: TestUser;
let stranger: TestUser;
let revokedToken: string;
let wiki: Wiki;
let page: Page;
let cookies: Record<string, string>;

function userFor(caller: Caller): TestUser | null {
  const users: Record<Caller, TestUser | null> = {
    anonymous: null,
    "revoked token": null,
    "removed member": removed,
    "owner of another wiki": stranger,
    viewer,
    commenter,
    reviewer,
    editor,
    owner,
  };
  return users[caller];
}

function tokenFor(caller: Caller): string | null {
  if (caller === "revoked token") return revokedToken;
  return userFor(caller)?.token ?? null;
}

/** Nothing a member-only answer would carry. */
function expectNoLeak(text: string): void {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(PAGE_TITLE);
  expect(text).not.toContain(WIKI_NAME);
}

// Fixtures, written in-process through Opinio's commands.
const freshPage = (title = "Scratch page") => createPage({ wikiId: wiki.id, title, markdown: "Scratch text." }, owner.id);
const seedSource = async (title = "Seeded source") =>
  (await createSource(wiki.id, { kind: "other", title, shortTitle: "", fields: {}, url: "", notes: "" }, owner.id)).source.id;
const seedRelation = async () =>
  addRelation({ fromPageId: (await freshPage("Related strand")).id, toPageId: page.id, kind: "supports" }, owner.id);
let thesisCounter = 0;
let notificationFlips = 0;
const seedThread = (author: { id: string } = bystander) =>
  createThread(page, author.id, { body: "Seeded thread.", anchor: { kind: "page" } });
const seedComment = async (author: { id: string } = bystander) =>
  replyToThread(page, await seedThread(bystander), author.id, "Seeded reply.");
let suggestionCounter = 0;
/** A fresh page whose first paragraph carries a suggested insertion by `author`, written to the page's update log. */
async function seedSuggestion(author: { id: string }): Promise<{ pageId: string; suggestionId: string }> {
  const scratch = await freshPage();
  const suggestionId = `smatrix${++suggestionCounter}`;
  await transaction(async () => {
    const { doc } = (await loadPageDoc(scratch.id))!;
    const before = Y.encodeStateVector(doc);
    const paragraph = doc.getXmlFragment(DOCUMENT_FRAGMENT).get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, "Suggested ", {
      // y-tiptap's key for a mark that may overlap itself: the name, "--" and 8 base64 characters.
      [`suggestionInsert--${String(suggestionCounter).padStart(8, "0")}`]: {
        id: suggestionId,
        authorId: author.id,
        createdAt: new Date().toISOString(),
      },
    });
    await appendPageUpdate(scratch.id, Y.encodeStateAsUpdate(doc, before), author.id);
    doc.destroy();
  });
  return { pageId: scratch.id, suggestionId };
}
/** Writes one fixture column behind the commands' back (on whichever database the server runs on). */
async function setColumn(table: "wikis" | "pages", column: "name" | "title", id: string, value: string): Promise<void> {
  if (databaseDialect() === "postgres")
    await withPostgres(process.env.DATABASE_URL!, (client) =>
      client.query(`UPDATE ${table} SET ${column} = $1 WHERE id = $2`, [value, id]),
    );
  else getDbHandle().sqlite.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`).run(value, id);
}
async function freshMember(role: Role = "viewer"): Promise<TestUser> {
  const user = await makeUser("Temporary Member");
  await addMember(wiki.id, user.email, role, owner.id);
  return user;
}

const server = withServer({ prefix: "opinio-matrix-", env: { COMPACT_IDLE_MS: "100", VERSION_IDLE_MS: "100" } });

beforeAll(async () => {
  owner = await makeUser("Olwen Owner");
  editor = await makeUser("Edda Editor");
  commenter = await makeUser("Cosmo Commenter");
  reviewer = await makeUser("Remy Reviewer");
  viewer = await makeUser("Vik Viewer");
  bystander = await makeUser("Bea Bystander");
  removed = await makeUser("Rory Removed");
  stranger = await makeUser("Stan Stranger");
  ({ wiki, page } = await makeWikiWithMembers(
    owner,
    [
      { user: editor, role: "editor" },
      { user: commenter, role: "commenter" },
      { user: reviewer, role: "reviewer" },
      { user: viewer, role: "viewer" },
      { user: bystander, role: "commenter" },
      { user: removed, role: "editor" },
    ],
    `# Strategy\n\n${SECRET} is known only to the team.`,
  ));
  // The fixture wiki and page get names a leak check can look for.
  await setColumn("wikis", "name", wiki.id, WIKI_NAME);
  await setColumn("pages", "title", page.id, PAGE_TITLE);
  await removeMember(wiki.id, removed.id, owner.id);
  await makeWikiWithMembers(stranger, [], "The stranger's own page.");
  const revoked = await createApiToken(owner.id, "revoked");
  expect(await revokeApiToken(owner.id, revoked.id)).toBe(true);
  revokedToken = revoked.token;
  cookies = Object.fromEntries(
    await Promise.all(CALLERS.map(async (c) => [c, userFor(c) ? await sessionCookie(userFor(c)!) : ""] as const)),
  );
});

// ---------------------------------------------------------------------------------------------
// REST
// ---------------------------------------------------------------------------------------------

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
/** `raw` + `contentType` send a non-JSON body (a file upload) instead of `body`. */
type Request_ = { path: string; body?: unknown; raw?: string; contentType?: string };

type RestRow = {
  /** As declared beside the handler (method and path): "POST /wikis/{wikiId}/pages". */
  operation: string;
  /**
   * Who succeeds: "public" (anyone), "account" (any valid credential, member or not), or the
   * member roles allowed. Everyone else is refused: 401 without a valid credential, 404 for
   * non-members (existence is not revealed), 403 for members whose role is too low.
   */
  allowed: "public" | "account" | Role[];
  success: number;
  /** A fresh request for `caller` (fixtures are made here, so destructive rows can repeat). */
  request: (caller: Caller) => Request_ | Promise<Request_>;
  /** The allowed request must change the database (a positive control for the snapshot). */
  changes?: boolean;
  /** Goes through the collab server, which keeps writing briefly afterwards. */
  settles?: boolean;
  /** Why `allowed` is narrower than the declared policy action (the request targets someone else's resource). */
  narrower?: string;
};

const ALL_MEMBERS: Role[] = ["viewer", "commenter", "reviewer", "editor", "owner"];
const COMMENTERS: Role[] = ["commenter", "reviewer", "editor", "owner"];
const SUGGESTERS: Role[] = ["reviewer", "editor", "owner"];
const EDITORS: Role[] = ["editor", "owner"];
const OWNERS: Role[] = ["owner"];

const REST: RestRow[] = [
  { operation: "GET /openapi.json", allowed: "public", success: 200, request: () => ({ path: "/openapi.json" }) },
  // Answers alike for every address; this one has no account, so nothing is written.
  {
    operation: "POST /password-resets",
    allowed: "public",
    success: 202,
    request: () => ({ path: "/password-resets", body: { email: "nobody-here@example.test" } }),
  },
  { operation: "GET /me", allowed: "account", success: 200, request: () => ({ path: "/me" }) },
  { operation: "GET /wikis", allowed: "account", success: 200, request: () => ({ path: "/wikis" }) },
  {
    operation: "POST /wikis",
    allowed: "account",
    success: 201,
    changes: true,
    request: () => ({ path: "/wikis", body: { name: "A new wiki" } }),
  },
  { operation: "GET /me/inbox", allowed: "account", success: 200, request: () => ({ path: "/me/inbox" }) },
  { operation: "POST /me/inbox", allowed: "account", success: 200, request: () => ({ path: "/me/inbox" }) },
  { operation: "GET /search", allowed: "account", success: 200, request: () => ({ path: `/search?q=${encodeURIComponent("KESTREL")}` }) },
  { operation: "GET /wikis/{wikiId}/members", allowed: ALL_MEMBERS, success: 200, request: () => ({ path: `/wikis/${wiki.id}/members` }) },
  {
    operation: "POST /wikis/{wikiId}/members",
    allowed: OWNERS,
    success: 201,
    changes: true,
    request: async () => ({ path: `/wikis/${wiki.id}/members`, body: { email: (await makeUser("Invitee")).email, role: "editor" } }),
  },
  {
    operation: "PUT /wikis/{wikiId}/members/{userId}",
    allowed: OWNERS,
    success: 200,
    changes: true,
    request: async () => ({ path: `/wikis/${wiki.id}/members/${(await freshMember()).id}`, body: { role: "owner" } }),
  },
  {
    operation: "DELETE /wikis/{wikiId}/members/{userId}",
    allowed: OWNERS,
    success: 204,
    changes: true,
    request: async () => ({ path: `/wikis/${wiki.id}/members/${(await freshMember()).id}` }),
  },
  { operation: "GET /wikis/{wikiId}/pages", allowed: ALL_MEMBERS, success: 200, request: () => ({ path: `/wikis/${wiki.id}/pages` }) },
  {
    operation: "POST /wikis/{wikiId}/pages",
    allowed: EDITORS,
    success: 201,
    changes: true,
    request: () => ({ path: `/wikis/${wiki.id}/pages`, body: { title: "Injected page", markdown: "x" } }),
  },
  { operation: "GET /wikis/{wikiId}/audit", allowed: OWNERS, success: 200, request: () => ({ path: `/wikis/${wiki.id}/audit` }) },
  { operation: "GET /wikis/{wikiId}/threads", allowed: ALL_MEMBERS, success: 200, request: () => ({ path: `/wikis/${wiki.id}/threads` }) },
  { operation: "GET /pages/{pageId}", allowed: ALL_MEMBERS, success: 200, request: () => ({ path: `/pages/${page.id}` }) },
  {
    operation: "PATCH /pages/{pageId}",
    allowed: EDITORS,
    success: 200,
    changes: true,
    request: async () => ({ path: `/pages/${(await freshPage()).id}`, body: { title: "Renamed" } }),
  },
  {
    operation: "DELETE /pages/{pageId}",
    allowed: EDITORS,
    success: 204,
    changes: true,
    request: async () => ({ path: `/pages/${(await freshPage()).id}` }),
  },
  {
    operation: "GET /pages/{pageId}/versions",
    allowed: ALL_MEMBERS,
    success: 200,
    request: () => ({ path: `/pages/${page.id}/versions` }),
  },
  {
    operation: "POST /pages/{pageId}/versions",
    allowed: EDITORS,
    success: 201,
    changes: true,
    request: () => ({ path: `/pages/${page.id}/versions`, body: { name: "Named" } }),
  },
  {
    operation: "GET /pages/{pageId}/versions/{version}",
    allowed: ALL_MEMBERS,
    success: 200,
    request: () => ({ path: `/pages/${page.id}/versions/1` }),
  },
  {
    operation: "GET /pages/{pageId}/diff",
    allowed: ALL_MEMBERS,
    success: 200,
    request: () => ({ path: `/pages/${page.id}/diff?from=1&to=current` }),
  },
  {
    operation: "GET /pages/{pageId}/redline",
    allowed: ALL_MEMBERS,
    success: 200,
    request: () => ({ path: `/pages/${page.id}/redline?from=1&to=current&format=html` }),
  },
  {
    operation: "GET /pages/{pageId}/export",
    allowed: ALL_MEMBERS,
    success: 200,
    request: () => ({ path: `/pages/${page.id}/export?format=md` }),
  },
  {
    operation: "GET /wikis/{wikiId}/export",
    allowed: ALL_MEMBERS,
    success: 200,
    request: () => ({ path: `/wikis/${wiki.id}/export?format=md` }),
  },
  {
    operation: "POST /wikis/{wikiId}/import",
    allowed: EDITORS,
    success: 201,
    changes: true,
    request: () => ({
      path: `/wikis/${wiki.id}/import?title=Imported`,
      raw: "# Imported\n\nText.[^1]\n\n[^1]: A note.",
      contentType: "text/markdown",
    }),
  },
  {
    operation: "GET /pages/{pageId}/backlinks",
    allowed: ALL_MEMBERS,
    success: 200,
    request: () => ({ path: `/pages/${page.id}/backlinks` }),
  },
  {
    operation: "POST /pages/{pageId}/citation",
    allowed: ALL_MEMBERS,
    success: 200,
    request: () => ({ path: `/pages/${page.id}/citation`, body: {} }),
  },
  {
    operation: "GET /pages/{pageId}/citations",
    allowed: ALL_MEMBERS,
    success: 200,
    request: () => ({ path: `/pages/${page.id}/citations` }),
  },
  { operation: "GET /wikis/{wikiId}/sources", allowed: ALL_MEMBERS, success: 200, request: () => ({ path: `/wikis/${wiki.id}/sources` }) },
  {
    operation: "POST /wikis/{wikiId}/sources",
    allowed: EDITORS,
    success: 201,
    changes: true,
    request: () => ({
      path: `/wikis/${wiki.id}/sources`,
      body: { kind: "un_document", title: "Injected report", fields: { symbol: "A/1/1" } },
    }),
  },
  {
    operation: "GET /sources/{sourceId}",
    allowed: ALL_MEMBERS,
    success: 200,
    request: async () => ({ path: `/sources/${await seedSource()}` }),
  },
  {
    operation: "PATCH /sources/{sourceId}",
    allowed: EDITORS,
    success: 200,
    changes: true,
    request: async () => ({ path: `/sources/${await seedSource()}`, body: { title: "Renamed source" } }),
  },
  {
    operation: "POST /sources/{sourceId}/merge",
    allowed: EDITORS,
    success: 200,
    changes: true,
    request: async () => ({ path: `/sources/${await seedSource("Duplicate")}/merge`, body: { into: await seedSource("Survivor") } }),
  },
  { operation: "GET /pages/{pageId}/strand", allowed: ALL_MEMBERS, success: 200, request: () => ({ path: `/pages/${page.id}/strand` }) },
  {
    operation: "PATCH /pages/{pageId}/strand",
    allowed: EDITORS,
    success: 200,
    changes: true,
    request: async () => ({ path: `/pages/${(await freshPage()).id}/strand`, body: { claim: "A claim.", stance: "supports" } }),
  },
  {
    operation: "GET /pages/{pageId}/relations",
    allowed: ALL_MEMBERS,
    success: 200,
    request: () => ({ path: `/pages/${page.id}/relations` }),
  },
  {
    operation: "POST /pages/{pageId}/relations",
    allowed: EDITORS,
    success: 201,
    changes: true,
    request: async () => ({ path: `/pages/${(await freshPage()).id}/relations`, body: { toPageId: page.id, kind: "rebuts" } }),
  },
  {
    operation: "DELETE /relations/{relationId}",
    allowed: EDITORS,
    success: 204,
    changes: true,
    request: async () => ({ path: `/relations/${(await seedRelation()).id}` }),
  },
  { operation: "GET /wikis/{wikiId}/map", allowed: ALL_MEMBERS, success: 200, request: () => ({ path: `/wikis/${wiki.id}/map` }) },
  {
    operation: "PUT /wikis/{wikiId}/citation-style",
    allowed: OWNERS,
    success: 200,
    changes: true,
    // Always the style not in use, so that every allowed request changes something.
    request: async () => ({
      path: `/wikis/${wiki.id}/citation-style`,
      body: { style: (await findWikiById(wiki.id))!.citationStyle === "bluebook" ? "oscola" : "bluebook" },
    }),
  },
  {
    operation: "PUT /wikis/{wikiId}/thesis",
    allowed: OWNERS,
    success: 200,
    changes: true,
    request: () => ({ path: `/wikis/${wiki.id}/thesis`, body: { thesis: `Thesis ${++thesisCounter}` } }),
  },
  { operation: "GET /pages/{pageId}/threads", allowed: ALL_MEMBERS, success: 200, request: () => ({ path: `/pages/${page.id}/threads` }) },
  {
    operation: "POST /pages/{pageId}/threads",
    allowed: COMMENTERS,
    success: 201,
    changes: true,
    request: () => ({ path: `/pages/${page.id}/threads`, body: { body: "A thread." } }),
  },
  {
    operation: "POST /threads/{threadId}/comments",
    allowed: COMMENTERS,
    success: 201,
    changes: true,
    request: async () => ({ path: `/threads/${await seedThread()}/comments`, body: { body: "A reply." } }),
  },
  {
    operation: "POST /threads/{threadId}/resolve",
    allowed: COMMENTERS,
    success: 200,
    changes: true,
    request: async () => ({ path: `/threads/${await seedThread()}/resolve` }),
  },
  {
    operation: "POST /threads/{threadId}/reopen",
    allowed: COMMENTERS,
    success: 200,
    changes: true,
    request: async () => {
      const threadId = await seedThread();
      const resolved = await rest("POST", `/threads/${threadId}/resolve`, owner.token);
      expect(resolved.status).toBe(200);
      return { path: `/threads/${threadId}/reopen` };
    },
  },
  {
    // Members edit their own comments; a viewer (who cannot have one) tries someone else's.
    operation: "PATCH /comments/{commentId}",
    allowed: COMMENTERS,
    success: 200,
    changes: true,
    request: async (caller) => ({
      path: `/comments/${await seedComment(COMMENTERS.includes(caller as Role) ? userFor(caller)! : bystander)}`,
      body: { body: "Edited." },
    }),
  },
  {
    operation: "DELETE /comments/{commentId}",
    allowed: OWNERS,
    narrower: "the comment is someone else's: deleting it takes comment.delete-any",
    success: 204,
    changes: true,
    request: async () => ({ path: `/comments/${await seedComment()}` }),
  },
  {
    operation: "GET /comments/{commentId}/revisions",
    allowed: ALL_MEMBERS,
    success: 200,
    request: async () => ({ path: `/comments/${await seedComment()}/revisions` }),
  },
  {
    operation: "GET /pages/{pageId}/suggestions",
    allowed: ALL_MEMBERS,
    success: 200,
    request: () => ({ path: `/pages/${page.id}/suggestions` }),
  },
  // Decisions reach the page through the collab server; each request gets a suggestion of its own.
  {
    operation: "POST /suggestions/{suggestionId}/accept",
    allowed: EDITORS,
    success: 200,
    changes: true,
    settles: true,
    request: async () => ({ path: `/suggestions/${(await seedSuggestion(reviewer)).suggestionId}/accept` }),
  },
  {
    operation: "POST /suggestions/{suggestionId}/reject",
    allowed: EDITORS,
    success: 200,
    changes: true,
    settles: true,
    request: async () => ({ path: `/suggestions/${(await seedSuggestion(reviewer)).suggestionId}/reject` }),
  },
  {
    // Withdrawing is the author's: each suggester withdraws its own; the others try the reviewer's.
    operation: "POST /suggestions/{suggestionId}/withdraw",
    allowed: SUGGESTERS,
    success: 200,
    changes: true,
    settles: true,
    request: async (caller) => ({
      path: `/suggestions/${(await seedSuggestion(SUGGESTERS.includes(caller as Role) ? userFor(caller)! : reviewer)).suggestionId}/withdraw`,
    }),
  },
  {
    operation: "POST /pages/{pageId}/suggestions/accept-all",
    allowed: EDITORS,
    success: 200,
    changes: true,
    settles: true,
    request: async () => ({ path: `/pages/${(await seedSuggestion(reviewer)).pageId}/suggestions/accept-all`, body: {} }),
  },
  {
    operation: "POST /pages/{pageId}/suggestions/reject-all",
    allowed: EDITORS,
    success: 200,
    changes: true,
    settles: true,
    request: async () => ({
      path: `/pages/${(await seedSuggestion(reviewer)).pageId}/suggestions/reject-all`,
      body: { authorId: reviewer.id },
    }),
  },
  // Last: a restore reaches the page through the collab server.
  {
    operation: "POST /pages/{pageId}/restore",
    allowed: EDITORS,
    success: 201,
    changes: true,
    settles: true,
    request: async () => ({ path: `/pages/${(await freshPage()).id}/restore`, body: { version: 1 } }),
  },
];

function expectedStatus(row: RestRow, caller: Caller): number {
  if (row.allowed === "public") return row.success;
  if (caller === "anonymous" || caller === "revoked token") return 401;
  if (row.allowed === "account") return row.success;
  if (caller === "removed member" || caller === "owner of another wiki") return 404;
  return row.allowed.includes(caller as Role) ? row.success : 403;
}

type Reply = { status: number; text: string; headers: Headers };

async function rest(
  method: string,
  apiPath: string,
  token: string | null,
  options: { body?: unknown } & Omit<ApiCallOptions, "redirect"> = {},
): Promise<Reply> {
  const { body, ...call } = options;
  // A redirect (to the sign-in page, say) is an answer in itself here: it is not followed.
  return callApi(server, token, method, apiPath, body, { ...call, redirect: "manual" });
}

const methodOf = (row: RestRow) => row.operation.split(" ")[0] as Method;

/** The operations the route files under app/api/v1 export, as "METHOD /path/{param}". */
function routeFileOperations(): string[] {
  const root = path.resolve(__dirname, "../../app/api/v1");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const apiPath =
          "/" +
          path
            .relative(root, dir)
            .split(path.sep)
            .map((part) => part.replace(/^\[(.+)\]$/, "{$1}"))
            .join("/");
        const source = fs.readFileSync(full, "utf8");
        for (const match of source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g))
          found.push(`${match[1]} ${apiPath}`);
      }
    }
  };
  walk(root);
  return found.sort();
}

describe("REST coverage", () => {
  it("has a matrix row for every declared endpoint and every route file export, and no others", () => {
    const declared = declaredEndpoints()
      .map((e) => `${e.method} ${e.path}`)
      .sort();
    const routed = routeFileOperations().filter((op) => !op.includes("{...path}"));
    const rows = REST.map((r) => r.operation).sort();
    expect(
      routed.filter((op) => !declared.includes(op)),
      "route exports without a declaration",
    ).toEqual([]);
    expect(
      declared.filter((op) => !routed.includes(op)),
      "declarations without a route export",
    ).toEqual([]);
    expect(
      rows.filter((op) => !declared.includes(op)),
      "matrix rows for no endpoint",
    ).toEqual([]);
    expect(
      declared.filter((op) => !rows.includes(op)),
      "endpoints without a matrix row",
    ).toEqual([]);
  });

  it("expects the callers each declaration's policy action allows, and its success status", () => {
    const byOperation = new Map(declaredEndpoints().map((e) => [`${e.method} ${e.path}`, e]));
    for (const row of REST) {
      const { action, response } = byOperation.get(row.operation)!;
      const expected = action === "public" || action === "account" ? action : MEMBER_ROLES.filter((role) => can(role, action));
      if (!row.narrower) expect(row.allowed, row.operation).toEqual(expected);
      expect(row.success, row.operation).toBe(response.status);
    }
  });

  it("answers unknown API paths (the catch-all route) with 404 for every caller, changing nothing", async () => {
    for (const caller of CALLERS) {
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const before = await snapshot();
        const reply = await rest(method, "/admin/users", tokenFor(caller), method === "GET" ? {} : { body: {} });
        expect(reply.status, `${caller} ${method}`).toBe(404);
        expect(await changedTables(before)).toEqual([]);
      }
    }
  });
});

// In the rows' order, which matters (the restore is last); the coverage test above ties them to the declarations.
describe.each(REST.map((row) => [row.operation, row] as const))("REST %s", (_name, row) => {
  for (const caller of CALLERS) {
    const expected = expectedStatus(row, caller);
    const refused = expected >= 400;
    it(`${caller}: ${expected}${refused ? ", nothing changed, nothing leaked" : ""}`, async () => {
      const request = await row.request(caller);
      const before = await snapshot();
      const reply = await rest(methodOf(row), request.path, tokenFor(caller), {
        body: request.body,
        raw: request.raw,
        contentType: request.contentType,
      });
      expect(reply.status, reply.text).toBe(expected);
      if (row.settles && !refused) await settle();
      const changed = await changedTables(before);
      if (refused) {
        expect(changed).toEqual([]);
        expect(JSON.parse(reply.text)).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
        expectNoLeak(reply.text);
      } else if (row.changes) {
        expect(changed).not.toEqual([]);
      }
      if (!MEMBER_ROLES.includes(caller as Role)) expectNoLeak(reply.text);
    });
  }
});

describe("REST with the browser session", () => {
  // Public writes (a password reset request) carry no credential a foreign page could borrow.
  const writes = REST.filter((row) => methodOf(row) !== "GET" && row.allowed !== "public");

  it.each(writes.map((row) => [row.operation, row] as const))(
    "%s: refuses a missing, null or foreign Origin and a text/plain body; a forged x-middleware-subrequest changes nothing",
    async (_name, row) => {
      const cookie = cookies.owner;
      const request = await row.request("owner");
      const attempts: { headers: Record<string, string>; contentType?: string; status: number; token?: string }[] = [
        { headers: { cookie }, status: 403 },
        { headers: { cookie, origin: "null" }, status: 403 },
        { headers: { cookie, origin: "https://evil.example" }, status: 403 },
        { headers: { cookie, origin: `${server.url}.evil.example` }, status: 403 },
        {
          headers: {
            cookie,
            origin: "https://evil.example",
            "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware",
          },
          status: 403,
        },
        {
          headers: { origin: server.url, "x-middleware-subrequest": "src/middleware:middleware:middleware:middleware:middleware" },
          status: 401,
        },
      ];
      // A cross-site form can send text/plain without a preflight: it must not pass as JSON.
      if (request.body !== undefined || request.raw !== undefined)
        attempts.push({ headers: { cookie, origin: server.url }, contentType: "text/plain", status: 415 });
      // What an earlier row set off (a compaction refreshing citations and links) must not land
      // in the refusals' before/after window.
      await settle();
      for (const attempt of attempts) {
        const before = await snapshot();
        const reply = await rest(methodOf(row), request.path, null, {
          headers: attempt.headers,
          ...(request.body !== undefined || request.raw !== undefined
            ? { raw: request.raw ?? JSON.stringify(request.body), contentType: attempt.contentType ?? request.contentType }
            : {}),
        });
        expect(reply.status, `${JSON.stringify(attempt)} → ${reply.text}`).toBe(attempt.status);
        expect(await changedTables(before)).toEqual([]);
      }
      // The same request from our own origin works: the refusals above were about the origin.
      const before = await snapshot();
      const ok = await rest(methodOf(row), request.path, null, {
        headers: { cookie, origin: server.url },
        body: request.body,
        raw: request.raw,
        contentType: request.contentType,
      });
      expect(ok.status, ok.text).toBe(row.success);
      if (row.settles) await settle();
      if (row.changes) expect(await changedTables(before)).not.toEqual([]);
    },
  );

  it("reads with a session cookie of a removed member or a stranger answer 404 and leak nothing", async () => {
    for (const caller of ["removed member", "owner of another wiki"] as const) {
      for (const apiPath of [`/pages/${page.id}`, `/wikis/${wiki.id}/pages`, `/pages/${page.id}/versions/1`, `/search?q=KESTREL`]) {
        const reply = await rest("GET", apiPath, null, { headers: { cookie: cookies[caller] } });
        expect(apiPath.startsWith("/search") ? 200 : 404).toBe(reply.status);
        expectNoLeak(reply.text);
      }
    }
  });
});

describe("pages with forged Next-internal headers", () => {
  const FORGED: Record<string, string>[] = [
    { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" },
    { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
    { "x-middleware-prefetch": "1", "x-nextjs-data": "1" },
  ];

  it("still sends signed-out visitors to sign in, and strangers get no content", async () => {
    const wikiPath = `/w/${wiki.slug}`;
    const pagePath = `/w/${wiki.slug}/${page.slug}`;
    for (const headers of FORGED) {
      for (const target of [
        pagePath,
        `${pagePath}/history`,
        `${pagePath}/history/1`,
        `${wikiPath}/members`,
        `${wikiPath}/trash`,
        "/settings",
        "/inbox",
        `/search?q=KESTREL`,
      ]) {
        const anonymous = await fetch(`${server.url}${target}`, { headers, redirect: "manual" });
        expect([302, 303, 307, 308], target).toContain(anonymous.status);
        expect(anonymous.headers.get("location"), target).toMatch(/\/signin|\/setup/);
        expectNoLeak(await anonymous.text());
        const strangerReply = await fetch(`${server.url}${target}`, {
          headers: { ...headers, cookie: cookies["owner of another wiki"] },
          redirect: "manual",
        });
        expectNoLeak(await strangerReply.text());
      }
    }
  });

  it("does not let a forged header replace the Content-Security-Policy", async () => {
    const reply = await fetch(`${server.url}/signin`, { headers: { "content-security-policy": "script-src *" } });
    const policy = reply.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(policy).not.toContain("script-src *");
  });
});

// ---------------------------------------------------------------------------------------------
// Server actions, called the way the browser calls them: POST to a page that uses the action,
// with the `Next-Action` header naming the action's id and the arguments encoded by React's own
// reply encoder. The ids come from the build's server-reference manifest.
// ---------------------------------------------------------------------------------------------

type ManifestEntry = { exportedName?: string; filename?: string; workers: Record<string, unknown> };

function readActionManifest(): Map<string, { id: string; filename: string }> {
  const file = path.resolve(__dirname, "../../.next/server/server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, ManifestEntry> };
  const byName = new Map<string, { id: string; filename: string }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.exportedName || !entry.filename)
      throw new Error("The server-reference manifest no longer names its actions; update this test");
    // A build made in a git worktree (NEXT_PRIVATE_OUTPUT_TRACE_ROOT above it) names files from
    // that root, with the worktree's folder in front of app/.
    const filename = entry.filename.replace(/^(?:[^/]+\/)*?(?=app\/)/, "");
    byName.set(`${filename}#${entry.exportedName}`, { id, filename });
  }
  return byName;
}

/** Every exported action in app/**\/actions.ts, as "app/…/actions.ts#name". */
function sourceActions(): string[] {
  const root = path.resolve(__dirname, "../..");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "actions.ts") {
        const source = fs.readFileSync(full, "utf8");
        for (const match of source.matchAll(/export\s+async\s+function\s+(\w+)/g)) found.push(`${path.relative(root, full)}#${match[1]}`);
      }
    }
  };
  walk(path.join(root, "app"));
  return found.sort();
}

const requireFromHere = createRequire(__filename);
const { encodeReply } = requireFromHere("next/dist/compiled/react-server-dom-webpack/client.node") as {
  encodeReply: (value: unknown[]) => Promise<string | FormData>;
};

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

type ActionCall = { page: string; args: unknown[] };
type ActionRow = {
  /** "app/…/actions.ts#exportName" */
  action: string;
  /** Who may change state with it: "account" (any signed-in user), member roles, or nobody. */
  allowed: "account" | Role[];
  call: (caller: Caller) => ActionCall | Promise<ActionCall>;
};

const pagePath = () => `/w/${wiki.slug}/${page.slug}`;

const ACTIONS: ActionRow[] = [
  {
    action: "app/actions.ts#createWikiAction",
    allowed: "account",
    call: () => ({ page: "/", args: [undefined, form({ name: "Action wiki", description: "" })] }),
  },
  // Sign-out only clears the cookie: no server state to change, for anyone.
  { action: "app/actions.ts#signOutAction", allowed: [], call: () => ({ page: "/", args: [] }) },
  // Every caller's password is makeUser's; "changing" it to itself still stores a new hash.
  {
    action: "app/settings/actions.ts#changePasswordAction",
    allowed: "account",
    call: () => ({
      page: "/settings",
      args: [
        undefined,
        form({
          currentPassword: "correct horse battery staple",
          newPassword: "correct horse battery staple",
          repeatPassword: "correct horse battery staple",
        }),
      ],
    }),
  },
  // Each call flips the choice, so an allowed caller always changes something.
  {
    action: "app/settings/actions.ts#saveNotificationSettingsAction",
    allowed: "account",
    call: () => ({
      page: "/settings",
      args: [
        undefined,
        form({ mention: ++notificationFlips % 2 ? "daily" : "never", reply: "never", suggestion: "never", decision: "never" }),
      ],
    }),
  },
  {
    action: "app/settings/actions.ts#createTokenAction",
    allowed: "account",
    call: () => ({ page: "/settings", args: [undefined, form({ name: "From an action" })] }),
  },
  // The owner's own token: nobody else may revoke it.
  {
    action: "app/settings/actions.ts#revokeTokenAction",
    allowed: OWNERS,
    call: async () => ({ page: "/settings", args: [(await createApiToken(owner.id, "to revoke")).id, undefined] }),
  },
  {
    action: "app/w/[wiki]/[page]/actions.ts#createPageAction",
    allowed: EDITORS,
    call: () => ({ page: `/w/${wiki.slug}/new`, args: [wiki.id, undefined, form({ title: "Action page" })] }),
  },
  {
    action: "app/w/[wiki]/[page]/actions.ts#renamePageAction",
    allowed: EDITORS,
    call: async () => ({ page: pagePath(), args: [(await freshPage()).id, undefined, form({ title: "Renamed by action" })] }),
  },
  {
    action: "app/w/[wiki]/[page]/actions.ts#movePageAction",
    allowed: EDITORS,
    call: async () => ({ page: pagePath(), args: [(await freshPage()).id, undefined, form({ parentId: page.id })] }),
  },
  {
    action: "app/w/[wiki]/[page]/actions.ts#trashPageAction",
    allowed: EDITORS,
    call: async () => ({ page: pagePath(), args: [(await freshPage()).id, undefined] }),
  },
  {
    action: "app/w/[wiki]/[page]/actions.ts#restorePageAction",
    allowed: OWNERS,
    call: async () => {
      const trashed = await freshPage();
      await trashPage(trashed.id, owner.id);
      return { page: `/w/${wiki.slug}/trash`, args: [trashed.id, undefined] };
    },
  },
  {
    action: "app/w/[wiki]/[page]/history/actions.ts#saveVersionAction",
    allowed: EDITORS,
    call: () => ({ page: `${pagePath()}/history`, args: [page.id, undefined, form({ name: "By action" })] }),
  },
  {
    action: "app/w/[wiki]/members/actions.ts#addMemberAction",
    allowed: OWNERS,
    call: async () => ({
      page: `/w/${wiki.slug}/members`,
      args: [wiki.id, undefined, form({ email: (await makeUser("Action Invitee")).email, role: "owner" })],
    }),
  },
  {
    action: "app/w/[wiki]/members/actions.ts#changeRoleAction",
    allowed: OWNERS,
    call: async () => ({ page: `/w/${wiki.slug}/members`, args: [wiki.id, (await freshMember()).id, undefined, form({ role: "owner" })] }),
  },
  {
    action: "app/w/[wiki]/members/actions.ts#revokeInviteAction",
    allowed: OWNERS,
    call: async () => {
      const invite = await addMember(
        wiki.id,
        `revoke-me-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`,
        "viewer",
        owner.id,
      );
      if (invite.kind !== "invite") throw new Error("expected an invitation");
      return { page: `/w/${wiki.slug}/members`, args: [wiki.id, invite.inviteId, undefined] };
    },
  },
  {
    action: "app/w/[wiki]/members/actions.ts#resendInviteAction",
    allowed: OWNERS,
    call: async () => {
      const invite = await addMember(
        wiki.id,
        `renew-me-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`,
        "viewer",
        owner.id,
      );
      if (invite.kind !== "invite") throw new Error("expected an invitation");
      return { page: `/w/${wiki.slug}/members`, args: [wiki.id, invite.inviteId, undefined] };
    },
  },
  {
    action: "app/w/[wiki]/members/actions.ts#removeMemberAction",
    allowed: OWNERS,
    call: async () => ({ page: `/w/${wiki.slug}/members`, args: [wiki.id, (await freshMember("editor")).id, undefined] }),
  },
  // Public by design, and none may change anything with these inputs. (A wrong password for an
  // existing account is recorded in the audit log, by design; an unknown address changes nothing.)
  {
    action: "app/signin/actions.ts#signInAction",
    allowed: [],
    call: () => ({ page: "/signin", args: [undefined, form({ email: "nobody-here@example.test", password: "wrong password" })] }),
  },
  {
    action: "app/signin/actions.ts#signInWithProviderAction",
    allowed: [],
    call: () => ({ page: "/signin", args: [form({ provider: "github" })] }),
  },
  // Setup only works while there are no accounts.
  {
    action: "app/setup/actions.ts#setupAction",
    allowed: [],
    call: () => ({
      page: "/setup",
      args: [undefined, form({ name: "Mallory", email: "mallory@example.test", password: "a long enough password" })],
    }),
  },
  // Answers alike for every address; one without an account gets nothing and writes nothing.
  {
    action: "app/password-reset/actions.ts#requestPasswordResetAction",
    allowed: [],
    call: () => ({ page: "/password-reset", args: [undefined, form({ email: "nobody-here@example.test" })] }),
  },
  // The reset link's secret is the credential; a made-up one changes nothing.
  {
    action: "app/password-reset/actions.ts#completePasswordResetAction",
    allowed: [],
    call: () => ({
      page: "/password-reset/made-up",
      args: ["made-up-secret", undefined, form({ newPassword: "a long enough password", repeatPassword: "a long enough password" })],
    }),
  },
  // The unsubscribe token is the credential; a made-up one turns nothing off.
  {
    action: "app/unsubscribe/actions.ts#unsubscribeAction",
    allowed: [],
    call: () => ({ page: "/unsubscribe/made-up", args: ["made-up.token", undefined] }),
  },
  // The invite secret is the credential; a made-up one opens nothing.
  {
    action: "app/invite/[token]/actions.ts#acceptInviteAction",
    allowed: [],
    call: () => ({
      page: "/invite/made-up",
      args: ["made-up-secret", undefined, form({ name: "Mallory", password: "a long enough password" })],
    }),
  },
];

let manifest: Map<string, { id: string; filename: string }>;

async function callAction(row: ActionRow, call: ActionCall, headers: Record<string, string>): Promise<Reply> {
  const entry = manifest.get(row.action);
  if (!entry) throw new Error(`${row.action} is not in the build's manifest: run \`npx next build\``);
  const encoded = await encodeReply(call.args);
  const response = await fetch(`${server.url}${call.page}`, {
    method: "POST",
    headers: {
      accept: "text/x-component",
      "next-action": entry.id,
      ...(typeof encoded === "string" ? { "content-type": "text/plain;charset=UTF-8" } : {}),
      ...headers,
    },
    body: encoded,
    redirect: "manual",
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

function actionAllowed(row: ActionRow, caller: Caller): boolean {
  if (caller === "anonymous" || caller === "revoked token") return false;
  if (row.allowed === "account") return true;
  return row.allowed.includes(caller as Role);
}

describe("server action coverage", () => {
  it("has a row for every exported action, and every one is in the build's manifest", () => {
    manifest = readActionManifest();
    const inSource = sourceActions();
    expect(ACTIONS.map((r) => r.action).sort()).toEqual(inSource);
    expect([...manifest.keys()].sort()).toEqual(inSource);
  });
});

describe.each(ACTIONS.map((row) => [row.action.split("#")[1], row] as const))("server action %s", (_name, row) => {
  beforeAll(() => {
    manifest ??= readActionManifest();
  });

  for (const caller of CALLERS) {
    const allowed = actionAllowed(row, caller);
    it(`${caller}: ${allowed ? "changes state" : "changes nothing, leaks nothing"}`, async () => {
      const call = await row.call(caller);
      const before = await snapshot();
      // Server actions only know the session cookie; callers without one try their API token.
      const credential: Record<string, string> = cookies[caller]
        ? { cookie: cookies[caller] }
        : tokenFor(caller)
          ? { authorization: `Bearer ${tokenFor(caller)}` }
          : {};
      const reply = await callAction(row, call, { origin: server.url, ...credential });
      if (allowed) {
        expect(reply.status, reply.text).toBeLessThan(400);
        expect(await changedTables(before)).not.toEqual([]);
      } else {
        expect(await changedTables(before)).toEqual([]);
        if (!MEMBER_ROLES.includes(caller as Role)) expectNoLeak(reply.text);
      }
    });
  }

  if (row.allowed.length !== 0) {
    it("refuses the owner's session from a missing, null or foreign Origin, even with a forged x-middleware-subrequest", async () => {
      for (const headers of [
        {},
        { origin: "null" },
        { origin: "https://evil.example" },
        { origin: "https://evil.example", "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
        // Without TRUST_PROXY a forged X-Forwarded-Host cannot make a foreign Origin look like ours.
        { "x-forwarded-host": "evil.example", origin: "http://evil.example" },
      ] as Record<string, string>[]) {
        const call = await row.call("owner");
        const before = await snapshot();
        const reply = await callAction(row, call, { cookie: cookies.owner, ...headers });
        expect(reply.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
        expect(await changedTables(before)).toEqual([]);
      }
    });
  }
});
