import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRevisions } from "@/db/queries/revisions";
import { appendParagraph, connectClient, isAcknowledged, paragraphs, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi, startServer, type RunningServer } from "../helpers/server";
import { waitFor } from "../helpers/wait";
import { withServer, withTempDir } from "../helpers/with-server";

/**
 * Promise 11: `npm run backup` takes a consistent online snapshot (SQLite's backup API) while
 * editors are typing and versions are being recorded; restoring it into a fresh data directory
 * gives a working wiki with every version and comment the snapshot holds, and every edit that
 * was acknowledged before the backup started.
 */
const ROOT = path.resolve(__dirname, "..", "..");

const server = withServer({
  prefix: "opinio-backup-live-",
  env: { VERSION_IDLE_MS: "60", COMPACT_AFTER_UPDATES: "10", COMPACT_IDLE_MS: "30" },
});
const backupDir = withTempDir("opinio-backup-files-");
/** Where the backup is restored: a fresh data directory, for a server of its own. */
const freshDir = withTempDir("opinio-backup-restored-");
let restored: RunningServer | undefined;
let owner: Awaited<ReturnType<typeof makeUser>>;
const clients: TestClient[] = [];

function run(command: string, args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const child = spawn(command, args, { cwd: ROOT, env, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

/** A REST call as the owner to the server at `base` (the live one, or the one restored from the backup). */
const api = (base: string, method: string, urlPath: string, body?: unknown) => callApi({ url: base }, owner.token, method, urlPath, body);

beforeAll(async () => {
  owner = await makeUser("Bianca Backup");
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await restored?.kill();
});

describe("backup while editing", () => {
  it("restores into a fresh data directory as a working wiki with every version, comment and acknowledged edit", async () => {
    const { page } = await makeWikiWithMembers(owner, [], "Backed up page.");
    for (let i = 0; i < 3; i++)
      expect((await api(server.url, "POST", `/pages/${page.id}/threads`, { body: `Comment ${i} before the backup` })).status).toBe(201);
    const writers = [
      connectClient(server.url, page.id, { token: owner.token }),
      connectClient(server.url, page.id, { token: owner.token }),
    ];
    clients.push(...writers);
    for (const w of writers) await waitFor(() => expect(w.provider.isSynced).toBe(true));

    // Typing keeps going, with pauses long enough for automatic versions, before and during the backup.
    let typed = 0;
    let stop = false;
    const typing = (async () => {
      while (!stop) {
        const w = writers[typed % 2];
        appendParagraph(w.doc, `line ${typed++}`);
        // A typing rhythm (time is the point here): bursts, and pauses past VERSION_IDLE_MS.
        await new Promise((r) => setTimeout(r, typed % 10 === 0 ? 120 : 10));
      }
    })();
    // Until typing has made automatic versions for the backup to carry.
    await waitFor(async () => expect((await listRevisions(page.id)).length).toBeGreaterThan(1));
    for (const w of writers) await waitFor(() => expect(isAcknowledged(w)).toBe(true));
    const acknowledgedBefore = paragraphs(writers[0].doc).filter((t) => t.startsWith("line "));

    const file = path.join(backupDir, "snapshot.db");
    const backup = await run("npm", ["run", "--silent", "backup", "--", "--to", file], server.dataDir);
    expect(backup, backup.stderr).toMatchObject({ code: 0 });
    stop = true;
    await typing;

    const snapshot = new Database(file, { readonly: true });
    expect(snapshot.pragma("integrity_check", { simple: true })).toBe("ok");
    const versionsInSnapshot = (
      snapshot.prepare("SELECT count(*) AS n FROM page_revisions WHERE page_id = ?").get(page.id) as { n: number }
    ).n;
    const commentsInSnapshot = (snapshot.prepare("SELECT count(*) AS n FROM comments").get() as { n: number }).n;
    snapshot.close();
    expect(versionsInSnapshot).toBeGreaterThan(1);
    expect(commentsInSnapshot).toBe(3);

    const restore = await run(process.execPath, ["--import", "tsx", "scripts/opinio.ts", "restore", "--from", file], freshDir);
    expect(restore, restore.stderr).toMatchObject({ code: 0 });
    restored = await startServer({ dataDir: freshDir });

    const versions = await api(restored.url, "GET", `/pages/${page.id}/versions`);
    expect(versions.json.versions).toHaveLength(versionsInSnapshot);
    for (const v of versions.json.versions as { number: number }[])
      expect((await api(restored.url, "GET", `/pages/${page.id}/versions/${v.number}`)).status).toBe(200);
    const threads = await api(restored.url, "GET", `/pages/${page.id}/threads`);
    expect((threads.json.threads as { comments: { body: string }[] }[]).map((t) => t.comments[0].body).sort()).toEqual([
      "Comment 0 before the backup",
      "Comment 1 before the backup",
      "Comment 2 before the backup",
    ]);

    const reader = connectClient(restored.url, page.id, { token: owner.token });
    clients.push(reader);
    await waitFor(() => expect(reader.provider.isSynced).toBe(true));
    const texts = paragraphs(reader.doc);
    for (const line of acknowledgedBefore) expect(texts.filter((t) => t === line)).toHaveLength(1);
    expect(texts[0]).toBe("Backed up page.");
  }, 120_000);
});
