import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { closeDb, getDbHandle } from "@/db/client";
import { insertOutboxMail } from "@/db/queries/mail-outbox";
import { appendPageUpdates, compactPageState } from "@/db/queries/page-content";
import { listPages } from "@/db/queries/pages";
import { findWikiBySlug } from "@/db/queries/wikis";
import { migratePostgres } from "@/db/postgres/migrate";
import { tablePairsInForeignKeyOrder } from "@/db/postgres/tables";
import { seedDemoWiki } from "@/lib/commands/seed-demo";
import { createUser } from "@/lib/commands/users";
import { addMember } from "@/lib/commands/wikis";
import { createThread, editComment, replyToThread } from "@/lib/commands/comments";
import { jsonFromYDoc, textFromJSON } from "@/lib/editor/document";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { databasePath } from "@/lib/env";
import { createRevision } from "@/lib/history/revisions";
import { newId } from "@/lib/ids";
import { loadPageDoc } from "@/lib/pages/content";
import { demoWiki } from "@/lib/seed/demo-wiki";
import { withTemporaryDatabase } from "../helpers/temp-database";
import { createTempPostgresDatabase, dropTempPostgresDatabase, withPostgres, withTempPostgresDatabase } from "../helpers/temp-postgres";
import { withTempDir } from "../helpers/with-server";

/**
 * `npm run opinio -- migrate-to-postgres` as a self-hoster runs it: a real CLI process moving a
 * real SQLite wiki (the demo seed plus edits in the update log, a compaction, versions, comments
 * with revisions, notifications, mail and the audit trail) into a real PostgreSQL database,
 * checked by reading both databases directly.
 */

const ROOT = path.resolve(__dirname, "..", "..");
const TABLES = tablePairsInForeignKeyOrder().map((pair) => pair.name);

type Run = { code: number | null; stdout: string; stderr: string };

function opinio(dataDir: string, args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/opinio.ts", ...args], { cwd: ROOT, env, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end();
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Appends one paragraph to the page as a logged Yjs update, the way the collab server logs edits. */
async function logEdit(pageId: string, text: string, userId: string): Promise<void> {
  const { doc } = (await loadPageDoc(pageId))!;
  let update: Uint8Array | undefined;
  doc.on("update", (bytes: Uint8Array) => (update = bytes));
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(DOCUMENT_FRAGMENT).push([paragraph]);
  doc.destroy();
  await appendPageUpdates([{ pageId, update: update!, userId }]);
}

/** Folds the page's log into its stored state, as the collab server's compaction does. */
async function compact(pageId: string): Promise<void> {
  const { doc, throughUpdateId } = (await loadPageDoc(pageId))!;
  const json = jsonFromYDoc(doc);
  await compactPageState(pageId, {
    ydoc: Buffer.from(Y.encodeStateAsUpdate(doc)),
    json: JSON.stringify(json),
    text: textFromJSON(json),
    throughId: throughUpdateId,
  });
  doc.destroy();
}

function sqliteCount(table: string): number {
  return getDbHandle().sqlite.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
}

async function postgresCounts(url: string): Promise<Record<string, number>> {
  return withPostgres(url, async (client) => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) counts[table] = Number((await client.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
    return counts;
  });
}

/** The CLI's table of counts: TABLE, SQLITE, POSTGRES per line. */
function printedCounts(stdout: string): Record<string, { sqlite: number; postgres: number }> {
  const counts: Record<string, { sqlite: number; postgres: number }> = {};
  for (const [, table, sqlite, postgres] of stdout.matchAll(/^(\w+)\s+(\d+)\s+(\d+)$/gm)) {
    counts[table] = { sqlite: Number(sqlite), postgres: Number(postgres) };
  }
  return counts;
}

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("migrate-to-postgres", () => {
  const cliDataDir = withTempDir("opinio-cli-pg-");
  const target = withTempPostgresDatabase();
  let sourceFile: string;
  let sourceHash: string;
  let editedPageId: string;
  let nulCommentId: string;

  withTemporaryDatabase(async () => {
    const owner = await createUser({ email: "owner@example.test", name: "Olga Owner", password: "long enough password" });
    const editor = await createUser({ email: "editor@example.test", name: "Ed Editor", password: "long enough password" });
    await seedDemoWiki(owner.id);
    const wiki = (await findWikiBySlug(demoWiki.slug))!;
    await addMember(wiki.id, editor.email, "editor", owner.id);
    const [first, second] = await listPages(wiki.id);
    editedPageId = first.id;

    // Two pages' edits interleave in the log (SQLite's ids are global); one page is compacted
    // between versions and edited again, so its compacted_through, its versions' positions and
    // its remaining log entries must all be renumbered consistently.
    await logEdit(first.id, "First added paragraph.", owner.id);
    await logEdit(second.id, "An edit on another page.", editor.id);
    await logEdit(first.id, "Second added paragraph, see A/70/174.", editor.id);
    await createRevision(first.id, { kind: "named", name: "Before review", createdBy: owner.id });
    await logEdit(second.id, "Another edit on another page.", owner.id);
    await logEdit(first.id, "Third added paragraph.", owner.id);
    await createRevision(first.id, { kind: "auto" });
    await compact(first.id);
    await logEdit(first.id, "Written after the compaction.", editor.id);
    await logEdit(first.id, "Also written after the compaction.", owner.id);

    const page = { id: first.id, wikiId: wiki.id };
    await createThread(page, owner.id, { body: "Is this the right reading?", anchor: { kind: "quote", quote: "Second added paragraph" } });
    const threadId = await createThread(page, owner.id, { body: "General remark on the page.", anchor: { kind: "page" } });
    const replyId = await replyToThread(page, threadId, editor.id, "I think so.");
    await editComment(replyId, editor.id, "I think so, with Art. 2(4) in mind.");
    // SQLite text can hold NUL, which PostgreSQL text cannot: the move replaces it and says so.
    getDbHandle().sqlite.prepare("UPDATE comments SET body = 'stray' || char(0) || 'nul' WHERE id = ?").run(replyId);
    nulCommentId = replyId;
    await insertOutboxMail({
      id: newId(),
      messageId: `<${newId()}@opinio.test>`,
      kind: "invitation",
      wikiId: wiki.id,
      recipient: "someone@example.test",
      subject: "You are invited",
      textBody: "Open the link.",
      htmlBody: "<p>Open the link.</p>",
      headers: { "Reply-To": "owner@example.test" },
    });

    sourceFile = databasePath();
    closeDb(); // the CLI reads a file nobody is writing; its WAL is folded in
    sourceHash = sha256(sourceFile);
  });

  let firstRun: Run;
  beforeAll(async () => {
    firstRun = await opinio(cliDataDir, ["migrate-to-postgres", "--from", sourceFile, "--to", target.url]);
  });

  afterAll(() => closeDb());

  it("copies every table, prints matching counts per table and leaves the SQLite file as it was", async () => {
    expect(firstRun, firstRun.stderr).toMatchObject({ code: 0 });
    expect(firstRun.stdout).toMatch(/^TABLE\s+SQLITE\s+POSTGRES$/m);
    expect(firstRun.stdout).toContain("counts and checksums match");
    // PostgreSQL's search index is built from what was copied: every live page has its entry.
    const livePages = getDbHandle().sqlite.prepare("SELECT count(*) FROM pages WHERE deleted_at IS NULL").pluck().get() as number;
    expect(firstRun.stdout).toContain(`Search index built: ${livePages} page`);
    expect(firstRun.stderr).toContain("cannot run on PostgreSQL yet");

    const printed = printedCounts(firstRun.stdout);
    const inPostgres = await postgresCounts(target.url);
    expect(Object.keys(printed).sort()).toEqual([...TABLES].sort());
    for (const table of TABLES) {
      const inSqlite = sqliteCount(table);
      expect({ table, ...printed[table] }).toEqual({ table, sqlite: inSqlite, postgres: inSqlite });
      expect({ table, rows: inPostgres[table] }).toEqual({ table, rows: inSqlite });
    }
    for (const table of [
      "users",
      "wiki_members",
      "pages",
      "page_contents",
      "page_updates",
      "page_revisions",
      "comment_threads",
      "comments",
      "comment_revisions",
      "notifications",
      "sources",
      "page_citations",
      "page_links",
      "strand_fields",
      "strand_relations",
      "audit_events",
      "mail_outbox",
    ]) {
      expect({ table, empty: inPostgres[table] === 0 }).toEqual({ table, empty: false });
    }
    closeDb();
    expect(sha256(sourceFile)).toBe(sourceHash);
  });

  it("moves each page's Yjs state and log so it decodes to the same document", async () => {
    const pageIds = getDbHandle().sqlite.prepare("SELECT id FROM pages").pluck().all() as string[];
    await withPostgres(target.url, async (client) => {
      for (const pageId of pageIds) {
        const { rows: contents } = await client.query<{ ydoc: Buffer; compacted_through: number }>(
          "SELECT ydoc, compacted_through FROM page_contents WHERE page_id = $1",
          [pageId],
        );
        const { rows: log } = await client.query<{ update: Buffer; seq: number }>(
          'SELECT "update", seq FROM page_updates WHERE page_id = $1 ORDER BY seq',
          [pageId],
        );
        const moved = new Y.Doc();
        Y.applyUpdate(moved, contents[0].ydoc);
        for (const entry of log) {
          expect(entry.seq).toBeGreaterThan(contents[0].compacted_through);
          Y.applyUpdate(moved, entry.update);
        }
        const { doc: original } = (await loadPageDoc(pageId))!;
        expect(jsonFromYDoc(moved)).toEqual(jsonFromYDoc(original));
        original.destroy();
        moved.destroy();
      }
    });
    // The edited page really exercised the log: entries after a compaction, numbered per page.
    const { rows } = await withPostgres(target.url, (client) =>
      client.query<{ seq: number }>("SELECT seq FROM page_updates WHERE page_id = $1 ORDER BY seq", [editedPageId]),
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });

  it("keeps what each version covers: the log entries between two versions are the same bytes", async () => {
    const { sqlite } = getDbHandle();
    const sqliteRevisions = sqlite
      .prepare("SELECT number, through_update_id AS through FROM page_revisions WHERE page_id = ? ORDER BY number")
      .all(editedPageId) as { number: number; through: number }[];
    const sqliteCompacted = sqlite
      .prepare("SELECT compacted_through FROM page_contents WHERE page_id = ?")
      .pluck()
      .get(editedPageId) as number;
    const sqliteLog = sqlite.prepare('SELECT id, "update" FROM page_updates WHERE page_id = ? ORDER BY id').all(editedPageId) as {
      id: number;
      update: Buffer;
    }[];
    await withPostgres(target.url, async (client) => {
      const pgRevisions = (
        await client.query<{ number: number; through: number }>(
          "SELECT number, through_update_id AS through FROM page_revisions WHERE page_id = $1 ORDER BY number",
          [editedPageId],
        )
      ).rows;
      const pgCompacted = (await client.query("SELECT compacted_through FROM page_contents WHERE page_id = $1", [editedPageId])).rows[0]
        .compacted_through as number;
      const pgLog = (
        await client.query<{ seq: number; update: Buffer }>('SELECT seq, "update" FROM page_updates WHERE page_id = $1 ORDER BY seq', [
          editedPageId,
        ])
      ).rows;
      expect(pgRevisions.map((r) => r.number)).toEqual(sqliteRevisions.map((r) => r.number));
      // Every boundary (versions and compaction) splits the log at the same place on both sides.
      const boundaries = [...sqliteRevisions.map((r, i) => [r.through, pgRevisions[i].through]), [sqliteCompacted, pgCompacted], [0, 0]];
      for (const [after, pgAfter] of boundaries) {
        for (const [through, pgThrough] of boundaries) {
          const before = sqliteLog.filter((e) => e.id > after && e.id <= through).map((e) => e.update.toString("hex"));
          const moved = pgLog.filter((e) => e.seq > pgAfter && e.seq <= pgThrough).map((e) => e.update.toString("hex"));
          expect(moved).toEqual(before);
        }
        expect(pgLog.filter((e) => e.seq > pgAfter).length).toBe(sqliteLog.filter((e) => e.id > after).length);
      }
      expect(pgLog.map((e) => e.seq)).toEqual([...pgLog.map((e) => e.seq)].sort((a, b) => a - b));
    });
  });

  it("keeps times, comment anchors and audit ids, and numbers new audit events after the copied ones", async () => {
    const { sqlite } = getDbHandle();
    const user = sqlite.prepare("SELECT id, created_at FROM users ORDER BY id LIMIT 1").get() as { id: string; created_at: number };
    const thread = sqlite.prepare("SELECT id, anchor_start FROM comment_threads WHERE anchor_start IS NOT NULL").get() as {
      id: string;
      anchor_start: Buffer;
    };
    const maxAudit = sqlite.prepare("SELECT max(id) FROM audit_events").pluck().get() as number;
    await withPostgres(target.url, async (client) => {
      const pgUser = (await client.query("SELECT created_at FROM users WHERE id = $1", [user.id])).rows[0];
      expect((pgUser.created_at as Date).getTime()).toBe(user.created_at);
      const pgThread = (await client.query("SELECT anchor_start FROM comment_threads WHERE id = $1", [thread.id])).rows[0];
      expect(Buffer.compare(pgThread.anchor_start as Buffer, thread.anchor_start)).toBe(0);
      expect(Number((await client.query("SELECT max(id) AS id FROM audit_events")).rows[0].id)).toBe(maxAudit);
      const next = await client.query("INSERT INTO audit_events (action) VALUES ('test.after-move') RETURNING id");
      expect(Number(next.rows[0].id)).toBe(maxAudit + 1);
    });
  });

  it("replaces NUL characters, which PostgreSQL text cannot hold, and says where", async () => {
    expect(firstRun.stderr).toContain("NUL character; it was replaced with U+FFFD in comments.body (1)");
    const { rows } = await withPostgres(target.url, (client) => client.query("SELECT body FROM comments WHERE id = $1", [nulCommentId]));
    expect(rows[0].body).toBe("stray\uFFFDnul");
  });

  it("refuses a target that already holds data and leaves it untouched", async () => {
    const before = await postgresCounts(target.url);
    const again = await opinio(cliDataDir, ["migrate-to-postgres", "--from", sourceFile, "--to", target.url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already holds Opinio data");
    expect(again.stderr).toContain("Nothing was written");
    expect(again.stderr).not.toMatch(/\n\s+at /);
    expect(again.stdout).toBe("");
    expect(await postgresCounts(target.url)).toEqual(before);
  });

  it("copies all or nothing: a failure part-way leaves the target without any row", async () => {
    const other = await createTempPostgresDatabase();
    try {
      await migratePostgres(other.url);
      // A table late in the copy order refuses every row, as a full disk or a bug would.
      await withPostgres(other.url, (client) => client.query("ALTER TABLE comment_revisions ADD CONSTRAINT refuse_all CHECK (false)"));
      const run = await opinio(cliDataDir, ["migrate-to-postgres", "--from", sourceFile, "--to", other.url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("The copy failed and was rolled back");
      expect(run.stderr).toContain('violates check constraint "refuse_all"');
      expect(run.stderr).not.toContain("Is this the right reading?"); // no row data in the message
      expect(Object.values(await postgresCounts(other.url)).every((n) => n === 0)).toBe(true);
    } finally {
      await dropTempPostgresDatabase(other.name);
    }
  });

  // Eight CLI processes start side by side: on a busy machine that takes longer than one test usually may.
  it(
    "explains a missing file, a file that is not an Opinio database, an outdated one, and a bad or unreachable target",
    { timeout: 180_000 },
    async () => {
      const scratch = fs.mkdtempSync(path.join(cliDataDir, "scratch-"));
      const junk = path.join(scratch, "notes.db");
      fs.writeFileSync(junk, "not a database\n".repeat(200));
      const outdated = path.join(scratch, "outdated.db");
      fs.copyFileSync(sourceFile, outdated);
      const old = new Database(outdated);
      old.prepare("DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)").run();
      old.close();

      const cases: [string[], number, string][] = [
        [["--from", path.join(scratch, "missing.db"), "--to", target.url], 1, "No such file"],
        [["--from", junk, "--to", target.url], 1, "is not an SQLite database"],
        [["--from", outdated, "--to", target.url], 1, "was last used by another version of Opinio"],
        [["--from", sourceFile, "--to", "not a url"], 1, "is not a URL"],
        [["--from", sourceFile, "--to", "mysql://root@127.0.0.1/opinio"], 1, "expected a postgres:// URL"],
        [
          ["--from", sourceFile, "--to", "postgres://root:secret@127.0.0.1:1/opinio"],
          1,
          "Could not connect to PostgreSQL at postgres://root:***@127.0.0.1:1/opinio",
        ],
        [["--from", sourceFile, "--to", `${target.url}_missing`], 1, "does not exist"],
        [["--from", sourceFile], 2, "migrate-to-postgres: missing --to"],
      ];
      // Side by side: each case is a process start (a few seconds of tsx), and none writes anything.
      const runs = await Promise.all(cases.map(([args]) => opinio(cliDataDir, ["migrate-to-postgres", ...args])));
      for (const [i, [args, code, message]] of cases.entries()) {
        const run = runs[i];
        expect({ args, code: run.code, stderr: run.stderr }).toMatchObject({ args, code, stderr: expect.stringContaining(message) });
        expect(run.stderr).not.toContain("secret");
        expect(run.stderr).not.toMatch(/\n\s+at /);
      }
    },
  );
});
