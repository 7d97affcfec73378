import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page, Wiki } from "@/db/schema";
import { createThread } from "@/lib/commands/comments";
import { indexComment, indexPage } from "@/lib/search/indexing";
import { search } from "@/lib/search/search";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { sessionCookie } from "../helpers/session-cookie";
import { withServer } from "../helpers/with-server";

/**
 * Promise 10, "SQL is parameterized": the lint rule that forbids building SQL text is proved to
 * bite, and search, sort and filter parameters fuzzed with injection strings get results or a
 * clean 4xx, never a 500 and never another wiki's content.
 */

type TestUser = Awaited<ReturnType<typeof makeUser>>;

/** In the other wiki only: no answer to `member` may ever contain it. */
const FOREIGN_SECRET = "foreignsecret HERON-55";
const OWN_TEXT = "Attribution standard overall control";

const INJECTIONS = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '" OR ""="',
  '"',
  '""',
  '"""',
  "'",
  "*",
  "**",
  "a*b",
  "NEAR(",
  "NEAR(foreignsecret HERON, 10)",
  ")",
  "(",
  "((",
  "%00",
  "\u0000",
  "a\u0000b",
  "foreignsecret\u0000",
  "title:foreignsecret",
  "body:foreignsecret",
  "wiki_id:*",
  "{title body}:foreignsecret",
  "- foreignsecret",
  "^foreignsecret",
  "foreignsecret OR attribution",
  "foreignsecret AND NOT x",
  "attribution) OR (foreignsecret",
  "'; DROP TABLE pages; --",
  "1; SELECT * FROM users",
  "\\",
  "\\'",
  "%27%20OR%201%3D1",
  "\u0002\u0003",
  "x".repeat(500),
  "foreignsecret ".repeat(40),
  '"' + "(".repeat(200),
  "😀 '\" ) ( * : ^",
];

/** Too long for the API (500 characters): a clean 400. */
const TOO_LONG = ["y".repeat(501), "' OR 1=1 -- ".repeat(100), "(".repeat(5000)];

const server = withServer({ prefix: "opinio-injection-" });
let member: TestUser;
let foreigner: TestUser;
let wiki: Wiki;
let page: Page;
let foreignWiki: Wiki;
let cookie: string;

beforeAll(async () => {
  member = await makeUser("Mina Member");
  foreigner = await makeUser("Felix Foreign");
  ({ wiki, page } = await makeWikiWithMembers(member, [], `# Attribution\n\n${OWN_TEXT}, and more on attribution.`));
  const foreign = await makeWikiWithMembers(foreigner, [], `${FOREIGN_SECRET} is the other team's text. Attribution too.`);
  foreignWiki = foreign.wiki;
  await indexPage(page.id);
  await indexPage(foreign.page.id);
  await indexComment(await createThread(foreign.page, foreigner.id, { body: `${FOREIGN_SECRET} in a comment`, anchor: { kind: "page" } }));
  cookie = await sessionCookie(member);
});

async function get(url: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}${url}`, { headers, redirect: "manual" });
  return { status: response.status, text: await response.text() };
}

const apiGet = (url: string) => get(`/api/v1${url}`, { authorization: `Bearer ${member.token}` });

function expectClean(reply: { status: number; text: string }, what: string): void {
  expect(reply.status, `${what} → ${reply.text.slice(0, 300)}`).toBeLessThan(500);
  expect(reply.text).not.toContain("HERON-55");
  expect(reply.text).not.toMatch(/SQLITE_|SqliteError|fts5: syntax error/i);
}

describe("search with hostile queries", () => {
  it("the search function answers every injection string without throwing, with the member's wikis only", async () => {
    for (const q of [...INJECTIONS, ...TOO_LONG]) {
      const results = await search(member.id, q);
      for (const result of results) expect(result.wikiId, q).toBe(wiki.id);
      expect(JSON.stringify(results)).not.toContain("HERON-55");
    }
  });

  it("survives random strings of query-syntax characters", async () => {
    const alphabet = [
      '"',
      "'",
      "*",
      "(",
      ")",
      ":",
      "^",
      "-",
      "+",
      "NEAR",
      "AND",
      "OR",
      "NOT",
      "title",
      "body",
      "{",
      "}",
      " ",
      "\u0000",
      "foreignsecret",
      "attribution",
      ",",
      "\\",
      "%",
    ];
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const q = Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(
        next() < 0.5 ? "" : " ",
      );
      const results = await search(member.id, q);
      expect(
        results.every((r) => r.wikiId === wiki.id),
        q,
      ).toBe(true);
    }
  });

  it("REST search: results or a clean 400, never a 500 or another wiki's text, for q, wiki and type", async () => {
    for (const q of INJECTIONS) {
      expectClean(await apiGet(`/search?q=${encodeURIComponent(q)}`), `q=${q}`);
      expectClean(await apiGet(`/search?q=attribution&wiki=${encodeURIComponent(q)}`), `wiki=${q}`);
      expectClean(await apiGet(`/search?q=attribution&type=${encodeURIComponent(q)}`), `type=${q}`);
    }
    for (const q of TOO_LONG) expect((await apiGet(`/search?q=${encodeURIComponent(q)}`)).status).toBe(400);
    // Naming the other wiki is refused as if it did not exist.
    const foreign = await apiGet(`/search?q=foreignsecret&wiki=${foreignWiki.id}`);
    expect(foreign.status).toBe(404);
    // And the ordinary query still works, so the refusals above are not everything failing.
    const ok = await apiGet(`/search?q=${encodeURIComponent("overall control")}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("overall");
  });

  it("the search page renders for every injection string", async () => {
    for (const q of INJECTIONS.filter((s) => !s.includes("\u0000"))) {
      expectClean(
        await get(`/search?q=${encodeURIComponent(q)}&wiki=${encodeURIComponent(q)}&type=${encodeURIComponent(q)}`, { cookie }),
        `page q=${q}`,
      );
    }
  });
});

describe("sort, filter and id parameters with hostile values", () => {
  const values = [
    "' OR 1=1 --",
    '"',
    "*",
    ")",
    "%00",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9".repeat(400),
    "1 OR 1=1",
    "1; DROP TABLE pages",
    "current' --",
    "../1",
  ];

  it("REST: versions, diff, redline, page, thread and comment ids answer 4xx or results", async () => {
    for (const raw of values) {
      const v = encodeURIComponent(raw);
      for (const url of [
        `/pages/${page.id}/versions?named=${v}`,
        `/pages/${page.id}/versions/${v}`,
        `/pages/${page.id}/diff?from=${v}&to=${v}`,
        `/pages/${page.id}/diff?from=1&to=${v}`,
        `/pages/${page.id}/redline?from=${v}&to=current&format=${v}`,
        `/pages/${v}`,
        `/pages/${v}/threads`,
        `/wikis/${v}/pages`,
        `/wikis/${v}/members`,
        `/comments/${v}/revisions`,
      ]) {
        expectClean(await apiGet(url), url);
      }
    }
  });

  it("pages: recent changes filters, compare, history and thread parameters", async () => {
    const base = `/w/${wiki.slug}`;
    for (const raw of values) {
      const v = encodeURIComponent(raw);
      for (const url of [
        `${base}/changes?person=${v}&page=${v}`,
        `${base}/${page.slug}/compare?from=${v}&to=${v}`,
        `${base}/${page.slug}/history?named=${v}`,
        `${base}/${page.slug}/history/${v}`,
        `${base}/${page.slug}?thread=${v}&restore=${v}`,
        `${base}/new?parent=${v}&title=${v}`,
      ]) {
        expectClean(await get(url, { cookie }), url);
      }
    }
  });
});

describe("the lint rule against SQL built from strings", () => {
  const root = path.resolve(__dirname, "../..");
  const eslint = new ESLint({ cwd: root });
  const lint = async (code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, "db/queries/lint-probe.ts") });
    return result.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message);
  };

  it.each([
    ["sql.raw", 'import { sql } from "drizzle-orm";\nexport const q = (t: string) => sql.raw(`SELECT * FROM ${t}`);'],
    ["sql.identifier", 'import { sql } from "drizzle-orm";\nexport const q = (t: string) => sql`SELECT * FROM ${sql.identifier(t)}`;'],
    [
      "a template-built statement",
      "declare const db: { prepare(s: string): unknown };\nexport const q = (id: string) => db.prepare(`SELECT * FROM pages WHERE id = '${id}'`);",
    ],
    [
      "a concatenated statement",
      'declare const db: { prepare(s: string): unknown };\nexport const q = (id: string) => db.prepare("SELECT * FROM pages WHERE id = \'" + id + "\'");',
    ],
    [
      "a statement from a variable",
      "declare const db: { prepare(s: string): unknown };\nexport const q = (text: string) => db.prepare(text);",
    ],
    [
      "exec with a template",
      "declare const db: { exec(s: string): unknown };\nexport const q = (t: string) => db.exec(`DELETE FROM ${t}`);",
    ],
    [
      "a pragma from input",
      "declare const db: { pragma(s: string): unknown };\nexport const q = (mode: string) => db.pragma(`journal_mode = ${mode}`);",
    ],
  ])("refuses %s", async (_name, code) => {
    expect(await lint(code)).not.toEqual([]);
  });

  it("allows fixed statements with bound parameters and drizzle's sql tag", async () => {
    const code = [
      'import { sql } from "drizzle-orm";',
      "declare const db: { prepare(s: string): { all(p: unknown): unknown } };",
      'export const a = (id: string) => db.prepare("SELECT * FROM pages WHERE id = ?").all(id);',
      "export const b = (id: string) => db.prepare(`SELECT *\n FROM pages WHERE id = @id`).all({ id });",
      "export const c = (id: string) => sql`SELECT 1 WHERE ${id} = 1`;",
      "export const d = (s: string) => /x/.exec(s);",
    ].join("\n");
    expect(await lint(code)).toEqual([]);
  });
});
