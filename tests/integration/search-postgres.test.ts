import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databasePath } from "@/lib/env";
import { copySqliteToPostgres } from "@/db/postgres/copy-from-sqlite";
import { migratePostgres } from "@/db/postgres/migrate";
import type { PgDb } from "@/db/postgres/queries/page-leases";
import { rebuildSearchIndex, searchIndex as searchPostgres, upsertPageEntry } from "@/db/postgres/queries/search";
import * as schema from "@/db/postgres/schema";
import { createThread, deleteComment } from "@/lib/commands/comments";
import { createPage, renamePage, trashPage } from "@/lib/commands/pages";
import { addMember, createWiki } from "@/lib/commands/wikis";
import { markMatches } from "@/lib/search/query";
import { search as searchSqlite, type SearchResult } from "@/lib/search/search";
import { makeUser } from "../helpers/fixtures";
import { withTemporaryDatabase } from "../helpers/temp-database";
import { withTempPostgresDatabase } from "../helpers/temp-postgres";

/**
 * Search on PostgreSQL answers as FTS5 does on SQLite (issue 20): the same corpus, written through
 * the real commands on SQLite, moved with migrate-to-postgres's copy and indexed on PostgreSQL,
 * then the same searches on both. Ranking functions differ (bm25, ts_rank), so within the title
 * hits and within the rest results are compared as sets; which results, which group, the order of
 * the groups and what is marked must agree.
 */

type User = Awaited<ReturnType<typeof makeUser>>;
let owner: User;
let reader: User;
let stranger: User;
let wikiId: string;
withTemporaryDatabase(async () => {
  owner = await makeUser("Sam Search");
  reader = await makeUser("Rae Reader");
  stranger = await makeUser("Stan Stranger");
  const wiki = await createWiki({ name: "Search wiki", description: "" }, owner.id);
  wikiId = wiki.id;
  await addMember(wiki.id, reader.email, "viewer", owner.id);
  const norms = await createPage(
    {
      wikiId,
      title: "Voluntary norms",
      markdown: [
        "## Norm 13(c)",
        "",
        "The 2015 GGE report, UN Doc A/70/174, para 13(c), says States should not knowingly allow their territory to be used for internationally wrongful acts.",
        "",
        "The prohibition of the use of force in Art. 2(4) of the Charter is a different matter, as Müller argues.",
      ].join("\n"),
    },
    owner.id,
  );
  await createPage(
    { wikiId, title: "Territory and control", markdown: "Nothing about the other thing. Due diligence is an obligation of conduct." },
    owner.id,
  );
  const renamed = await createPage(
    { wikiId, title: "Draft title", markdown: "Attribution of conduct to a State under ARSIWA article 8." },
    owner.id,
  );
  await renamePage(renamed.id, "Attribution standards", owner.id);
  const trashed = await createPage({ wikiId, title: "Trashed territory page", markdown: "Territory in the trash." }, owner.id);
  await trashPage(trashed.id, owner.id);
  await createThread({ id: norms.id, wikiId }, owner.id, {
    body: "Check whether *territory* covers cloud infrastructure.",
    anchor: { kind: "page" },
  });
  const gone = await createThread({ id: norms.id, wikiId }, owner.id, { body: "Territory again, but deleted.", anchor: { kind: "page" } });
  void gone;
  const other = await createWiki({ name: "Other wiki", description: "" }, owner.id);
  await addMember(other.id, reader.email, "viewer", owner.id);
  await createPage(
    { wikiId: other.id, title: "Sovereignty notes", markdown: "Effective control over territory, as in Nicaragua. Muller disagrees." },
    owner.id,
  );
  const secret = await createWiki({ name: "Secret wiki", description: "" }, stranger.id);
  await createPage({ wikiId: secret.id, title: "Confidential territory memo", markdown: "A/70/174 strategy." }, stranger.id);
});

const postgres = withTempPostgresDatabase();
let pool: Pool;
let pg: PgDb;

beforeAll(async () => {
  // The second thread's comment is deleted, so neither side may find it.
  const sqlite = new Database(databasePath());
  const deleted = sqlite.prepare("SELECT id FROM comments WHERE body LIKE 'Territory again%'").get() as { id: string };
  sqlite.close();
  await deleteComment(deleted.id, owner.id, "owner");

  await migratePostgres(postgres.url);
  pool = new Pool({ connectionString: postgres.url, max: 2 });
  pg = drizzle(pool, { schema });
  const source = new Database(databasePath(), { readonly: true });
  try {
    await copySqliteToPostgres(source, drizzle(pool));
  } finally {
    source.close();
  }
  expect(await rebuildSearchIndex(pg)).toEqual({ pages: 5, comments: 1 });
});

afterAll(async () => {
  await pool?.end();
});

type Shape = { titleHits: string[]; rest: string[]; marked: string[] };

function shape(results: { kind: string; id: string; titleMatch: boolean; titleHtml: string; snippetHtml: string }[]): Shape {
  const marked = new Set<string>();
  for (const r of results)
    for (const m of `${r.titleHtml} ${r.snippetHtml}`.matchAll(/<mark>([^<]*)<\/mark>/g)) marked.add(m[1].toLowerCase());
  const firstRest = results.findIndex((r) => !r.titleMatch);
  // Title hits come first on both sides.
  if (firstRest !== -1) expect(results.slice(firstRest).every((r) => !r.titleMatch)).toBe(true);
  return {
    titleHits: results
      .filter((r) => r.titleMatch)
      .map((r) => `${r.kind}:${r.id}`)
      .sort(),
    rest: results
      .filter((r) => !r.titleMatch)
      .map((r) => `${r.kind}:${r.id}`)
      .sort(),
    marked: [...marked].sort(),
  };
}

const onSqlite = async (userId: string, q: string, options: { wikiId?: string; kind?: "page" | "comment"; limit?: number } = {}) =>
  shape((await searchSqlite(userId, q, options)).map((r: SearchResult) => ({ ...r })));

async function onPostgres(userId: string, q: string, options: { wikiId?: string; kind?: "page" | "comment"; limit?: number } = {}) {
  const rows = await searchPostgres(pg, { userId, input: q, wikiId: options.wikiId, kind: options.kind, limit: options.limit ?? 50 });
  return shape(
    rows.map((row) => ({
      kind: row.kind,
      id: row.refId,
      titleMatch: row.titleHit === 1,
      titleHtml: markMatches(row.title),
      snippetHtml: markMatches(row.snippet),
    })),
  );
}

const QUERIES = [
  "A/70/174",
  "13(c)",
  "Art. 2(4)",
  '"use of force"',
  '"force use"',
  "territ",
  "territory*",
  "territory",
  "due diligence",
  "Müller",
  "muller",
  "knowingly allow",
  "cloud",
  "nicaragua",
  "voluntary",
  "attribution",
  "draft",
  "conduct",
  "((",
  "",
  "memo",
];

describe("search on PostgreSQL", () => {
  it("finds what FTS5 finds, in the same groups, with the same words marked, for each reader", async () => {
    for (const user of [owner, reader, stranger])
      for (const q of QUERIES)
        expect({ q, user: user.id, ...(await onPostgres(user.id, q)) }).toEqual({ q, user: user.id, ...(await onSqlite(user.id, q)) });
    // The corpus does exercise each part: title hits, body hits, comments, legal references.
    expect((await onSqlite(reader.id, "territory")).titleHits).toHaveLength(1);
    expect((await onSqlite(reader.id, "territory")).rest.some((id) => id.startsWith("comment:"))).toBe(true);
    expect((await onSqlite(reader.id, "A/70/174")).rest).toHaveLength(1);
  });

  it("agrees on the wiki and kind filters and on a small limit", async () => {
    for (const options of [{ wikiId }, { kind: "comment" as const }, { kind: "page" as const }, { limit: 1 }, { limit: 2 }])
      for (const q of ["territory", "conduct", "a"]) {
        // A prefix of nearly every word ties many entries: which of them a limit keeps is a tie-break.
        if (q === "a" && "limit" in options) continue;
        // Which words a snippet window shows differs for a prefix of nearly every word ("a"):
        // FTS5 picks the window with the most matches, ours the first; the results must agree.
        const { marked: _pg, ...postgresResults } = await onPostgres(reader.id, q, options);
        const { marked: _sqlite, ...sqliteResults } = await onSqlite(reader.id, q, options);
        expect({ q, options, ...postgresResults }).toEqual({ q, options, ...sqliteResults });
      }
  });

  it("follows a rename into the page's comments and never shows the trash", async () => {
    const [norms] = (await pool.query<{ id: string; wiki_id: string }>(`SELECT id, wiki_id FROM pages WHERE title = 'Voluntary norms'`))
      .rows;
    await upsertPageEntry(pg, { id: norms.id, wikiId: norms.wiki_id, title: "Binding norms" }, "The text.");
    const hits = await searchPostgres(pg, { userId: reader.id, input: "binding", limit: 10 });
    expect(hits.map((h) => [h.kind, h.titleHit])).toEqual([
      ["page", 1],
      ["comment", 0],
    ]);
    expect(await searchPostgres(pg, { userId: owner.id, input: "trash", limit: 10 })).toEqual([]);
  });
});
