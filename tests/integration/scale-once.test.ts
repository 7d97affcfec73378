import { afterAll, describe, expect, it } from "vitest";
import { appendParagraph, connectClient, isAcknowledged, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { askDiagnostics, startServer, type RunningServer } from "../helpers/server";
import { sessionCookie } from "../helpers/session-cookie";
import { withPostgres, withTempPostgresForCommands } from "../helpers/temp-postgres";
import { holdsFor, waitFor } from "../helpers/wait";

/**
 * Two instances on one PostgreSQL database and Redis (issue 20), people editing one page through
 * both: each compaction trigger (quiet time, log length, the last editor leaving, the owner
 * shutting down) compacts the page once, and each version trigger records one automatic version,
 * on the owner only, including when the page moves to the other instance because its owner was
 * stopped. The database itself keeps count: triggers of the test's own log every compaction (an
 * update of page_contents), every deleted log row and every attempted version insert.
 */
const postgres = withTempPostgresForCommands();
const servers: RunningServer[] = [];
const clients: TestClient[] = [];

const IDLE_MS = 1_000;
const VERSION_IDLE_MS = 2_500;
const COMPACT_AFTER_UPDATES = 20;

afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(servers.map((server) => server.kill()));
});

async function serve(): Promise<RunningServer> {
  const server = await startServer({
    ipc: true,
    env: {
      DATABASE_URL: postgres.url,
      REDIS_URL: process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379",
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 21).toString("base64"),
      OPINIO_DIAGNOSTICS: "1",
      COMPACT_IDLE_MS: String(IDLE_MS),
      COMPACT_AFTER_UPDATES: String(COMPACT_AFTER_UPDATES),
      VERSION_IDLE_MS: String(VERSION_IDLE_MS),
      VERSION_MAX_INTERVAL_MS: "600000",
    },
  });
  servers.push(server);
  return server;
}

/** Logs, in tables of the test's own, what the instances write: the schema is theirs (migrated at start). */
const COUNTERS = `
  CREATE TABLE test_compactions (page_id text, through integer, at timestamptz DEFAULT clock_timestamp());
  CREATE FUNCTION test_log_compaction() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO test_compactions (page_id, through) VALUES (NEW.page_id, NEW.compacted_through); RETURN NEW; END $$;
  CREATE TRIGGER test_compactions AFTER UPDATE ON page_contents FOR EACH ROW EXECUTE FUNCTION test_log_compaction();

  CREATE TABLE test_deleted_updates (page_id text, seq integer);
  CREATE FUNCTION test_log_deleted_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO test_deleted_updates VALUES (OLD.page_id, OLD.seq); RETURN OLD; END $$;
  CREATE TRIGGER test_deleted_updates AFTER DELETE ON page_updates FOR EACH ROW EXECUTE FUNCTION test_log_deleted_update();

  CREATE TABLE test_version_attempts (page_id text, kind text, through integer);
  CREATE FUNCTION test_log_version_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO test_version_attempts VALUES (NEW.page_id, NEW.kind, NEW.through_update_id); RETURN NEW; END $$;
  CREATE TRIGGER test_version_attempts BEFORE INSERT ON page_revisions FOR EACH ROW EXECUTE FUNCTION test_log_version_attempt();
`;

/**
 * Everything the test reads about one page, straight from PostgreSQL, in one snapshot: read on
 * separate connections, a version committing between two reads showed up in one table and not
 * in the other (its attempt missing beside it), and the next reading looked like a second attempt.
 */
async function ledger(pageId: string) {
  const [compactions, versions, attempts, deleted, log, content] = await withPostgres(postgres.url, async (client) => {
    const query = async <Row extends object>(text: string) => (await client.query<Row>(text, [pageId])).rows;
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      return [
        await query<{ through: number }>("SELECT through FROM test_compactions WHERE page_id = $1 ORDER BY at"),
        await query<{ through: number }>(
          "SELECT through_update_id AS through FROM page_revisions WHERE page_id = $1 AND kind = 'auto' ORDER BY number",
        ),
        await query<{ through: number }>("SELECT through FROM test_version_attempts WHERE page_id = $1 AND kind = 'auto'"),
        await query<{ seq: number }>("SELECT seq FROM test_deleted_updates WHERE page_id = $1 ORDER BY seq"),
        await query<{ seq: number }>("SELECT seq FROM page_updates WHERE page_id = $1 ORDER BY seq"),
        await query<{ text: string; compacted_through: number }>("SELECT text, compacted_through FROM page_contents WHERE page_id = $1"),
      ] as const;
    } finally {
      await client.query("COMMIT");
    }
  });
  const seqs = log.map((row) => row.seq);
  return {
    compactions: compactions.map((row) => row.through),
    versions: versions.map((row) => row.through),
    versionAttempts: attempts.map((row) => row.through),
    deleted: deleted.map((row) => row.seq),
    logged: seqs,
    /** The log's last position, compacted or not. */
    position: Math.max(content[0].compacted_through, ...seqs),
    storedText: content[0].text,
  };
}

/** The compactions an instance ran, by what triggered them (lib/server/diagnostics.ts). */
async function compactionsOn(server: RunningServer) {
  return (await askDiagnostics(server.process)).compactions;
}

async function typeOnBoth(first: TestClient, second: TestClient, label: string, count: number): Promise<string[]> {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const [client, where] = i % 2 === 0 ? [first, "A"] : [second, "B"];
    const line = `${label} ${i} on ${where}.`;
    appendParagraph(client.doc, line);
    lines.push(line);
  }
  await waitFor(() => expect([first, second].every(isAcknowledged)).toBe(true));
  return lines;
}

describe("one compaction and one version per trigger across two instances", () => {
  it("compacts and versions once per trigger on the owner, and once more when the page moves", async () => {
    const [a, b] = [await serve(), await serve()];
    await withPostgres(postgres.url, (client) => client.query(COUNTERS));
    const owner = await makeUser("Una Once");
    const editor = await makeUser("Tom Twice");
    const { page } = await makeWikiWithMembers(owner, [{ user: editor, role: "editor" }], "Opening.");
    const connect = async (server: RunningServer, user: typeof owner) => {
      const client = connectClient(server.url, page.id, { cookie: await sessionCookie(user), origin: server.url }, undefined, {
        pathPerPage: true,
      });
      clients.push(client);
      await waitFor(() => expect(client.events.synced).toBeGreaterThan(0));
      return client;
    };
    // A claims the page first; B forwards its person's socket to A.
    const onA = await connect(a, owner);
    const onB = await connect(b, editor);
    const acked: string[] = ["Opening."];
    let before = await ledger(page.id);
    expect(before.versions).toEqual([0]);

    /** After one trigger: one more compaction, through the last position, and one more version there. */
    async function expectOnce(what: string, versioned = true) {
      const after = await waitFor(async () => {
        const now = await ledger(page.id);
        expect(now.versions.length, what).toBe(before.versions.length + (versioned ? 1 : 0));
        expect(now.compactions.at(-1), what).toBe(now.position);
        // The log is trimmed once both have happened, a moment after the later of the two.
        expect(now.logged, what).toEqual([]);
        return now;
      });
      // Nothing more follows from the same trigger.
      await holdsFor(async () => expect(await ledger(page.id)).toEqual(after), VERSION_IDLE_MS);
      expect(after.compactions.slice(before.compactions.length), `${what}: compactions`).toEqual([after.position]);
      if (versioned) expect(after.versions.at(-1), `${what}: version position`).toBe(after.position);
      expect(new Set(after.versionAttempts).size, `${what}: version attempts`).toBe(after.versionAttempts.length);
      // Compacted and versioned: the log is emptied, every row deleted exactly once.
      expect(after.logged, what).toEqual([]);
      expect(after.deleted, what).toEqual([...new Set(after.deleted)]);
      expect(after.deleted.at(-1), what).toBe(after.position);
      for (const line of acked) expect(after.storedText, `${what}: ${line}`).toContain(line);
      console.log(`${what}: compacted through ${after.position} once, versions at [${after.versions.join(", ")}]`);
      before = after;
    }

    // Quiet time: both type, then stop; one idle compaction, then one version.
    acked.push(...(await typeOnBoth(onA, onB, "Idle", 10)));
    await expectOnce("idle");

    // Log length: exactly COMPACT_AFTER_UPDATES updates, one compaction by length, then the version.
    acked.push(...(await typeOnBoth(onA, onB, "Length", COMPACT_AFTER_UPDATES)));
    await expectOnce("length");

    // Only the owner did any of it.
    expect((await compactionsOn(b)).count).toBe(0);
    expect(await compactionsOn(a)).toMatchObject({ count: 2, byIdle: 1, byLength: 1 });

    // The last editor leaves: compacted and versioned at once, before the quiet periods end.
    acked.push(...(await typeOnBoth(onA, onB, "Leaving", 4)));
    onA.destroy();
    onB.destroy();
    await expectOnce("last editor left");

    // The owner is stopped while both edit: it compacts and versions on its way out; B takes the
    // page and records no second version of the same position.
    const againOnA = await connect(a, owner);
    const againOnB = await connect(b, editor);
    acked.push(...(await typeOnBoth(againOnA, againOnB, "Before the move", 4)));
    await a.kill("SIGTERM");
    await expectOnce("owner stopped");
    // B's person is back, now on B as the owner, and goes on.
    appendParagraph(againOnB.doc, "After the move on B.");
    acked.push("After the move on B.");
    await waitFor(() => expect(isAcknowledged(againOnB)).toBe(true), { timeout: 30_000 });
    await expectOnce("after the move");
    expect((await compactionsOn(b)).count).toBe(1);
  }, 180_000);
});
