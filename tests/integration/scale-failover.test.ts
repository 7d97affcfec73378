import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { appendParagraph, connectClient, isAcknowledged, paragraphs, type TestClient } from "../helpers/collab-client";
import { startFailoverProxy, type FailoverProxy } from "../helpers/failover-proxy";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi, makeDataDir, startServer, type RunningServer } from "../helpers/server";
import { sessionCookie } from "../helpers/session-cookie";
import { withPostgres, withTempPostgresForCommands } from "../helpers/temp-postgres";
import { waitFor } from "../helpers/wait";

/**
 * Failover between two instances on PostgreSQL and Redis (issue 20), with real processes. One
 * instance (A) owns the page; the other (B) forwards its sockets to A. A is killed with -9 at the
 * moments where a write is half done (failpoints in crash mode: inside the append's transaction
 * before its commit, after the commit before the acknowledgements, inside a compaction's
 * transaction), or paused past its lease and resumed after B took the page over (split brain).
 * Every edit is a unique marker; an edit counts as acknowledged when its client saw the server
 * confirm it on the connection it was sent on. Afterwards every acknowledged edit is stored exactly
 * once, nothing is duplicated, and a fresh read on the survivor equals what every client shows.
 * Leases last 3 s here (OPINIO_LEASE_TTL_MS), not 10, so a takeover takes seconds.
 */
const LEASE_TTL_MS = 3_000;
const postgres = withTempPostgresForCommands();
const scratch = makeDataDir("opinio-failover-");
let cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});
afterAll(async () => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** An instance of the pair; `name` becomes its PostgreSQL application_name, which the write audit records. */
async function serve(name: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const url = new URL(postgres.url);
  url.searchParams.set("application_name", name);
  const server = await startServer({
    env: {
      DATABASE_URL: url.toString(),
      REDIS_URL: process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379",
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 11).toString("base64"),
      OPINIO_LEASE_TTL_MS: String(LEASE_TTL_MS),
      // Compaction a second after each pause in typing, so the compaction failpoint is reached
      // after the acknowledgements of what it compacts.
      COMPACT_IDLE_MS: "1000",
      // Versions soon, so that compaction also trims the log (only entries a version covers go).
      VERSION_IDLE_MS: "300",
      ...env,
    },
  });
  cleanups.push(() => server.kill("SIGKILL"));
  return server;
}

/** Instance ids are `host:pid:random` (lib/scale/instance.ts). */
const isInstance = (owner: string, server: RunningServer) => owner.split(":")[1] === String(server.process.pid);

async function pageLease(pageId: string): Promise<{ owner: string; epoch: number }> {
  const { rows } = await withPostgres(postgres.url, (client) =>
    client.query<{ owner: string; epoch: number }>("SELECT owner, epoch FROM page_leases WHERE page_id = $1", [pageId]),
  );
  return rows[0];
}

/** How many of the page's log entries are not folded into its stored state yet. */
async function loggedAfterCompaction(pageId: string): Promise<number> {
  const { rows } = await withPostgres(postgres.url, (client) =>
    client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM page_updates u JOIN page_contents c USING (page_id) WHERE u.page_id = $1 AND u.seq > c.compacted_through",
      [pageId],
    ),
  );
  return rows[0].n;
}

/** One person's editor: what they typed, and which of it the server acknowledged. */
type Editor = { client: TestClient; typed: string[]; acknowledged: Set<string>; unconfirmed: { marker: string; closes: number }[] };

function editor(client: TestClient): Editor {
  cleanups.push(() => client.destroy());
  return { client, typed: [], acknowledged: new Set(), unconfirmed: [] };
}

let markerCount = 0;

function type(person: Editor, label: string): string {
  const marker = `«${label}-${++markerCount}»`;
  appendParagraph(person.client.doc, marker);
  person.typed.push(marker);
  person.unconfirmed.push({ marker, closes: person.client.events.closes });
  return marker;
}

/**
 * Counts what the server has confirmed: an edit is acknowledged once the provider has nothing
 * unconfirmed on the connection the edit was sent on. After a reconnect the provider sends its
 * whole state again and counts afresh, so a confirmation then says nothing about the old edits.
 */
function noteAcknowledgements(person: Editor): void {
  const { closes } = person.client.events;
  const confirmed = isAcknowledged(person.client);
  person.unconfirmed = person.unconfirmed.filter((edit) => {
    if (edit.closes !== closes) return false;
    if (confirmed) person.acknowledged.add(edit.marker);
    return !confirmed;
  });
}

async function untilAcknowledged(people: Editor[], timeout = 20_000): Promise<void> {
  await waitFor(
    () => {
      for (const person of people) noteAcknowledgements(person);
      for (const person of people) expect(isAcknowledged(person.client)).toBe(true);
    },
    { timeout, interval: 20 },
  );
  for (const person of people) noteAcknowledgements(person);
}

const OPENING = "«opening»";
const markersIn = (text: string) => text.match(/«[^»]+»/g) ?? [];

/** The page as stored, read in one snapshot with its lease: the compacted state plus the log after it. */
async function storedPage(pageId: string): Promise<{ markers: string[]; lease: { owner: string; epoch: number } }> {
  return withPostgres(postgres.url, async (client) => {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      const lease = (
        await client.query<{ owner: string; epoch: number }>("SELECT owner, epoch FROM page_leases WHERE page_id = $1", [pageId])
      ).rows[0];
      const content = (
        await client.query<{ ydoc: Buffer; compacted_through: number }>(
          "SELECT ydoc, compacted_through FROM page_contents WHERE page_id = $1",
          [pageId],
        )
      ).rows[0];
      const log = await client.query<{ update: Buffer }>('SELECT "update" FROM page_updates WHERE page_id = $1 AND seq > $2 ORDER BY seq', [
        pageId,
        content.compacted_through,
      ]);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, content.ydoc);
      for (const row of log.rows) Y.applyUpdate(doc, row.update);
      const markers = markersIn(paragraphs(doc).join("\n"));
      doc.destroy();
      return { markers, lease };
    } finally {
      await client.query("COMMIT");
    }
  });
}

/**
 * Every client and a fresh read on the survivor end up with the same page, in which every marker
 * anyone typed (acknowledged or not: the clients still hold theirs and send them again) appears
 * exactly once.
 */
async function expectConverged(people: Editor[], survivor: RunningServer, token: string, pageId: string): Promise<void> {
  const typed = [OPENING, ...people.flatMap((person) => person.typed)];
  await waitFor(
    async () => {
      const reply = await callApi(survivor, token, "GET", `/pages/${pageId}`);
      expect(reply.status).toBe(200);
      const stored = markersIn(reply.json.text as string);
      expect([...stored].sort()).toEqual([...typed].sort());
      for (const person of people) expect(markersIn(paragraphs(person.client.doc).join("\n"))).toEqual(stored);
    },
    { timeout: 30_000, interval: 200 },
  );
}

async function setUpPage(label: string) {
  const owner = await makeUser(`${label} Owner`);
  const colleague = await makeUser(`${label} Colleague`);
  const { page } = await makeWikiWithMembers(owner, [{ user: colleague, role: "editor" }], OPENING);
  return { owner, colleague, page };
}

type CrashPoint = "append-before-commit" | "append-after-commit" | "compact-before-commit";

describe("the owner killed with -9 at a failure point, clients on both instances", () => {
  it.each<CrashPoint>(["append-before-commit", "append-after-commit", "compact-before-commit"])(
    "%s: every acknowledged edit is stored once, and the survivor and every client agree",
    async (point) => {
      const failpoints = path.join(scratch, `${point}.json`);
      fs.writeFileSync(failpoints, "{}");
      const [a, b] = await Promise.all([serve("opinio-a", { OPINIO_FAILPOINTS_FILE: failpoints }), serve("opinio-b")]);
      // The load balancer sends browsers to A while it lives, then to B.
      const balancer: FailoverProxy = await startFailoverProxy([a.port, b.port]);
      cleanups.push(() => balancer.close());
      const { owner, colleague, page } = await setUpPage(point);

      const onA = editor(
        connectClient(balancer.url, page.id, { cookie: await sessionCookie(owner), origin: balancer.url }, undefined, {
          pathPerPage: true,
        }),
      );
      await waitFor(() => expect(onA.client.events.synced).toBeGreaterThan(0));
      expect(isInstance((await pageLease(page.id)).owner, a)).toBe(true);
      // Straight to B, which forwards to A.
      const onB = editor(
        connectClient(b.url, page.id, { cookie: await sessionCookie(colleague), origin: b.url }, undefined, { pathPerPage: true }),
      );
      await waitFor(() => expect(onB.client.events.synced).toBeGreaterThan(0));
      const people = [onA, onB];
      for (let round = 0; round < 3; round++) {
        type(onA, "a");
        type(onB, "b");
        await untilAcknowledged(people);
      }

      const compacting = point === "compact-before-commit";
      // The compaction of the edits so far has to be over, or the failpoint would hit it.
      if (compacting) await waitFor(async () => expect(await loggedAfterCompaction(page.id)).toBe(0), { timeout: 20_000, interval: 100 });
      fs.writeFileSync(failpoints, JSON.stringify({ crash: [point] }));
      // The append failpoints kill A in the group commit that writes the next edit, forwarded
      // from B (one edit: two could reach A in two batches). The compaction failpoint kills it
      // once typing pauses, after an edit from each side was stored and acknowledged.
      const last = [type(onB, "b"), ...(compacting ? [type(onA, "a")] : [])];
      await waitFor(
        () => {
          for (const person of people) noteAcknowledgements(person);
          expect(a.process.signalCode).toBe("SIGKILL");
        },
        { timeout: 20_000 },
      );

      // What A left on disk, read before B takes the page over: everything it acknowledged, once.
      const stored = await storedPage(page.id);
      expect(isInstance(stored.lease.owner, a), "B took the page over before the check (machine too slow?)").toBe(true);
      const acknowledged = people.flatMap((person) => [...person.acknowledged]);
      for (const marker of acknowledged)
        expect(
          stored.markers.filter((m) => m === marker),
          marker,
        ).toHaveLength(1);
      expect(new Set(stored.markers).size).toBe(stored.markers.length);
      if (point === "append-before-commit") {
        // Killed inside the transaction: the edit is not in the log, and nobody was told it was.
        expect(stored.markers).not.toContain(last[0]);
        expect(acknowledged).not.toContain(last[0]);
      } else if (point === "append-after-commit") {
        // Killed after the commit: in the log, though nobody was told; the client sends it again.
        expect(stored.markers).toContain(last[0]);
        expect(acknowledged).not.toContain(last[0]);
      } else {
        // Killed while compacting: the edits were acknowledged before, and are still stored.
        expect(acknowledged).toEqual(expect.arrayContaining(last));
      }

      // Typed while A is dead: the clients reconnect (A's through the balancer) to B, which takes
      // the page once A's lease has run out, loads it and stores these once acknowledged.
      type(onA, "a-after");
      type(onB, "b-after");
      await untilAcknowledged(people, 40_000);
      const lease = await pageLease(page.id);
      expect(isInstance(lease.owner, b)).toBe(true);
      expect(lease.epoch).toBe(2);
      await expectConverged(people, b, owner.token, page.id);
    },
    90_000,
  );
});

describe("split brain: the owner paused past its lease while another instance takes over", () => {
  it("refuses the stale owner's writes, closes its sockets, and loses nothing acknowledged", async () => {
    const [a, b] = await Promise.all([serve("opinio-a"), serve("opinio-b")]);
    // Every row written to the log, with the instance that wrote it and the page's lease at that
    // moment (the append holds the lease row locked, so this is the lease the write was judged by).
    await withPostgres(postgres.url, (client) =>
      client.query(`
        CREATE TABLE IF NOT EXISTS failover_audit (page_id text, seq int, writer text, lease_owner text, lease_epoch int);
        CREATE OR REPLACE FUNCTION failover_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO failover_audit
            SELECT NEW.page_id, NEW.seq, current_setting('application_name'), l.owner, l.epoch FROM page_leases l WHERE l.page_id = NEW.page_id;
          RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS failover_audit ON page_updates;
        CREATE TRIGGER failover_audit AFTER INSERT ON page_updates FOR EACH ROW EXECUTE FUNCTION failover_audit();
      `),
    );
    const { owner, colleague, page } = await setUpPage("Split");
    const onA = editor(
      connectClient(a.url, page.id, { cookie: await sessionCookie(owner), origin: a.url }, undefined, { pathPerPage: true }),
    );
    await waitFor(() => expect(onA.client.events.synced).toBeGreaterThan(0));
    const first = await pageLease(page.id);
    expect(isInstance(first.owner, a)).toBe(true);
    const onB = editor(
      connectClient(b.url, page.id, { cookie: await sessionCookie(colleague), origin: b.url }, undefined, { pathPerPage: true }),
    );
    await waitFor(() => expect(onB.client.events.synced).toBeGreaterThan(0));
    const people = [onA, onB];
    type(onA, "a");
    type(onB, "b");
    await untilAcknowledged(people);

    a.process.kill("SIGSTOP");
    cleanups.push(() => void a.process.kill("SIGCONT"));
    // Sent to the paused owner: it sits in A's socket until A resumes, then A tries to store it.
    const toPausedOwner = type(onA, "a-paused");
    // B stops hearing A (the relay's heartbeat), its client reconnects, and B takes the page once
    // A's lease has run out; an edit there is acknowledged, at a higher epoch.
    await waitFor(async () => expect(isInstance((await pageLease(page.id)).owner, b)).toBe(true), { timeout: 30_000, interval: 100 });
    type(onB, "b-taken-over");
    await untilAcknowledged([onB], 30_000);
    const takeover = await pageLease(page.id);
    expect(takeover.epoch).toBe(first.epoch + 1);
    const closesBefore = onA.client.events.closes;

    a.process.kill("SIGCONT");
    // A learns it lost the page: its write is refused and its socket closed; the client
    // reconnects to A, which now forwards it to B, and its edit is stored there.
    await waitFor(() => expect(onA.client.events.closes).toBeGreaterThan(closesBefore), { timeout: 20_000 });
    type(onA, "a-resumed");
    type(onB, "b-resumed");
    await untilAcknowledged(people, 30_000);
    await expectConverged(people, b, owner.token, page.id);
    // The edit sent to the paused owner was stored once all the same (by B, from the client's copy).
    expect(markersIn((await callApi(b, owner.token, "GET", `/pages/${page.id}`)).json.text as string)).toContain(toPausedOwner);

    // No row of the log was written by A once B held the page ...
    const audit = await withPostgres(postgres.url, (client) =>
      client.query<{ writer: string; lease_owner: string; lease_epoch: number }>(
        "SELECT writer, lease_owner, lease_epoch FROM failover_audit WHERE page_id = $1",
        [page.id],
      ),
    );
    const byA = audit.rows.filter((row) => row.writer === "opinio-a");
    expect(byA.length).toBeGreaterThan(0);
    expect(byA.filter((row) => row.lease_epoch !== first.epoch || row.lease_owner !== first.owner)).toEqual([]);
    expect(audit.rows.filter((row) => row.writer === "opinio-b" && row.lease_epoch >= takeover.epoch).length).toBeGreaterThan(0);
    // ... though it tried to append what reached it while paused: refused (fenced).
    const refusals = a
      .output()
      .split("\n")
      .filter((line) => line.includes("refused writes to pages another instance has taken over"));
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals[0]).toContain(`not by ${first.owner} at epoch ${first.epoch}`);
  }, 90_000);
});
