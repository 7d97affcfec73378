import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const MIGRATIONS = path.join(import.meta.dirname, "migrations");

/** A copy of the migrations folder that stops after migration `last` (an existing database's past). */
function migrationsUpTo(last: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-migrations-"));
  fs.cpSync(MIGRATIONS, dir, { recursive: true });
  const journalFile = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8"));
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= last);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

const cleanup: string[] = [];
afterEach(() => {
  for (const dir of cleanup.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function openAt(last: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-upgrade-"));
  const past = migrationsUpTo(last);
  cleanup.push(dir, past);
  const sqlite = new Database(path.join(dir, "opinio.db"));
  sqlite.pragma("foreign_keys = ON");
  migrate(drizzle(sqlite), { migrationsFolder: past });
  return sqlite;
}

describe("upgrading a database that holds data", () => {
  it("0014 keeps every inbox item and thread, and foreign keys still hold", () => {
    const sqlite = openAt(13);
    sqlite.exec(`
      INSERT INTO users (id, email, name, password_hash) VALUES ('u1', 'a@example.org', 'A', 'x');
      INSERT INTO wikis (id, slug, name, created_by) VALUES ('w1', 'w', 'W', 'u1');
      INSERT INTO pages (id, wiki_id, slug, title, created_by) VALUES ('p1', 'w1', 'p', 'P', 'u1');
      INSERT INTO comment_threads (id, page_id, anchor_kind, quote) VALUES ('t1', 'p1', 'page', '');
      INSERT INTO comments (id, thread_id, author_id, body) VALUES ('c1', 't1', 'u1', 'Hello');
      INSERT INTO notifications (id, user_id, kind, thread_id, comment_id, read_at) VALUES ('n1', 'u1', 'reply', 't1', 'c1', 5);
    `);

    migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });

    expect(sqlite.prepare("SELECT id, kind, thread_id, comment_id, read_at, page_id FROM notifications").all()).toEqual([
      { id: "n1", kind: "reply", thread_id: "t1", comment_id: "c1", read_at: 5, page_id: null },
    ]);
    expect(sqlite.prepare("SELECT id, suggestion_id FROM comment_threads").all()).toEqual([{ id: "t1", suggestion_id: null }]);
    expect(sqlite.pragma("foreign_key_check")).toEqual([]);
    // The rebuilt table still cascades: deleting the thread takes its inbox item along.
    sqlite.prepare("DELETE FROM comment_threads WHERE id = 't1'").run();
    expect(sqlite.prepare("SELECT count(*) AS n FROM notifications").get()).toEqual({ n: 0 });
    sqlite.close();
  });

  it("0015 keeps every version, named ones at an automatic one's position included, and refuses a second automatic one there", () => {
    const sqlite = openAt(14);
    sqlite.exec(`
      INSERT INTO users (id, email, name, password_hash) VALUES ('u1', 'a@example.org', 'A', 'x');
      INSERT INTO wikis (id, slug, name, created_by) VALUES ('w1', 'w', 'W', 'u1');
      INSERT INTO pages (id, wiki_id, slug, title, created_by) VALUES ('p1', 'w1', 'p', 'P', 'u1');
      INSERT INTO page_revisions (id, page_id, number, kind, through_update_id, delta) VALUES
        ('r1', 'p1', 1, 'auto', 0, x'00'), ('r2', 'p1', 2, 'auto', 4, x'00'),
        ('r3', 'p1', 3, 'named', 4, x'00'), ('r4', 'p1', 4, 'restore', 4, x'00');
    `);

    migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS });

    expect(sqlite.prepare("SELECT id FROM page_revisions ORDER BY number").all()).toEqual([
      { id: "r1" },
      { id: "r2" },
      { id: "r3" },
      { id: "r4" },
    ]);
    const insert = sqlite.prepare(
      "INSERT INTO page_revisions (id, page_id, number, kind, through_update_id, delta) VALUES (?, 'p1', ?, ?, 4, x'00')",
    );
    expect(() => insert.run("r5", 5, "auto")).toThrow(/UNIQUE/);
    insert.run("r5", 5, "named");
    sqlite.close();
  });
});
