import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/db/client";
import { findUserByTokenHash } from "@/db/queries/api-tokens";
import { countUsers, findUserByEmail } from "@/db/queries/users";
import { verifyPassword } from "@/lib/auth/passwords";
import { hashSecret } from "@/lib/ids";
import { makeDataDir } from "../helpers/server";
import { withPostgres, withTempPostgresDatabase } from "../helpers/temp-postgres";
import { withTempDir } from "../helpers/with-server";

/**
 * The admin CLI as a self-hoster runs it: a real `node --import tsx scripts/opinio.ts` process
 * on a real SQLite file in a temporary data directory, with the password piped into stdin.
 * Results are checked by reading that file through Opinio's own queries.
 */

const ROOT = path.resolve(__dirname, "..", "..");
const PASSWORD = "correct horse battery staple";

type Run = { code: number | null; stdout: string; stderr: string };

function opinio(dataDir: string, args: string[], stdin = "", extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  Object.assign(env, extraEnv);
  delete env.AUTH_SECRET;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/opinio.ts", ...args], { cwd: ROOT, env, stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Reads the data directory's database in this process (async data layer), then lets go of it again. */
async function inDataDirAsync<T>(dataDir: string, read: () => Promise<T>): Promise<T> {
  closeDb();
  process.env.DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  try {
    return await read();
  } finally {
    closeDb();
  }
}

function sha256(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

afterEach(() => closeDb());

describe("user and token commands", () => {
  const dataDir = withTempDir("opinio-cli-");
  let annId: string;

  beforeAll(async () => {
    const run = await opinio(dataDir, ["user", "create", "--email", "Ann@Example.test", "--name", "Ann Archer"], `${PASSWORD}\n`);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    annId = run.stdout.trim();
  });

  it("user create makes an account that user list shows and whose password verifies", async () => {
    expect(annId).toMatch(/^[\w-]{16}$/);
    const list = await opinio(dataDir, ["user", "list"]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+EMAIL\s+NAME\n/);
    expect(list.stdout).toMatch(new RegExp(`^${annId}\\s+ann@example\\.test\\s+Ann Archer$`, "m"));

    const user = await inDataDirAsync(dataDir, () => findUserByEmail("ann@example.test"));
    expect(user?.id).toBe(annId);
    expect(await verifyPassword(user!.passwordHash!, PASSWORD)).toBe(true);
  });

  it("refuses a duplicate e-mail address, an invalid one and a short password, creating nobody", async () => {
    const duplicate = await opinio(dataDir, ["user", "create", "--email", "ann@example.test", "--name", "Another Ann"], `${PASSWORD}\n`);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("already exists");

    const invalid = await opinio(dataDir, ["user", "create", "--email", "not-an-address", "--name", "Nobody"], `${PASSWORD}\n`);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("--email: Enter a valid e-mail address");

    const short = await opinio(dataDir, ["user", "create", "--email", "bob@example.test", "--name", "Bob"], "short\n");
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("at least 10 characters");

    for (const run of [duplicate, invalid, short]) {
      expect(run.stdout).toBe("");
      expect(run.stderr).not.toMatch(/\n\s+at /); // one line, no stack trace
    }
    expect(
      await inDataDirAsync(dataDir, async () => ({ users: await countUsers(), bob: await findUserByEmail("bob@example.test") })),
    ).toEqual({
      users: 1,
      bob: undefined,
    });
  });

  it("user reset-password replaces the hash and ends every session of the account; an unknown account is an error", async () => {
    const before = await inDataDirAsync(dataDir, async () => (await findUserByEmail("ann@example.test"))!.passwordHash!);
    const epochBefore = await inDataDirAsync(dataDir, async () => (await findUserByEmail("ann@example.test"))!.sessionEpoch);
    const reset = await opinio(
      dataDir,
      ["user", "reset-password", "--email", "ann@example.test", "--password-stdin"],
      "a brand new passphrase\n",
    );
    expect(reset, reset.stderr).toMatchObject({ code: 0 });
    expect(reset.stdout).toContain("Password changed for ann@example.test");

    const after = await inDataDirAsync(dataDir, async () => (await findUserByEmail("ann@example.test"))!.passwordHash!);
    expect(after).not.toBe(before);
    expect(await verifyPassword(after, "a brand new passphrase")).toBe(true);
    expect(await verifyPassword(after, PASSWORD)).toBe(false);
    // An administrator resets a password when it is lost or stolen: browsers signed in with the
    // old one are signed out (the session epoch moves on, see lib/auth/session-user.ts).
    expect(await inDataDirAsync(dataDir, async () => (await findUserByEmail("ann@example.test"))!.sessionEpoch)).toBe(epochBefore + 1);

    const unknown = await opinio(dataDir, ["user", "reset-password", "--email", "nobody@example.test"], "a brand new passphrase\n");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No account with e-mail nobody@example.test");
  });

  it("token create prints only the token, which is stored hashed", async () => {
    const run = await opinio(dataDir, ["token", "create", "--email", "ann@example.test", "--name", "ci"]);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/^opn_[\w-]+\n$/);
    const token = run.stdout.trim();

    const found = await inDataDirAsync(dataDir, () => findUserByTokenHash(hashSecret(token)));
    expect(found?.user.id).toBe(annId);
    expect(found?.token.name).toBe("ci");
    expect(found?.token.tokenHash).not.toBe(token);
  });

  it("an unknown command or a missing flag fails with usage", async () => {
    const unknown = await opinio(dataDir, ["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    expect(unknown.stderr).toContain("Usage: npm run opinio -- <command>");

    const missing = await opinio(dataDir, ["token", "create", "--email", "ann@example.test"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("token create: missing --name");
  });
});

describe("backup and restore", () => {
  const sourceDir = withTempDir("opinio-cli-source-");
  const backupFile = path.join(withTempDir("opinio-cli-backups-"), "opinio-backup.db");
  let userId: string;

  beforeAll(async () => {
    const run = await opinio(sourceDir, ["user", "create", "--email", "carol@example.test", "--name", "Carol"], `${PASSWORD}\n`);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    userId = run.stdout.trim();
  });

  it("points to PostgreSQL's own tools on PostgreSQL, writing nothing", async () => {
    const onPostgres = { DATABASE_URL: "postgres://opinio@127.0.0.1:1/opinio" };
    const target = path.join(makeDataDir("opinio-cli-pg-"), "never.db");
    const backup = await opinio(sourceDir, ["backup", "--to", target], "", onPostgres);
    expect(backup.code).not.toBe(0);
    expect(backup.stderr).toContain("pg_dump -Fc");
    expect(fs.existsSync(target)).toBe(false);
    const restore = await opinio(sourceDir, ["restore", "--from", backupFile], "", onPostgres);
    expect(restore.code).not.toBe(0);
    expect(restore.stderr).toContain("pg_restore");
  });

  it("round-trips the database into a fresh data directory", async () => {
    const backup = await opinio(sourceDir, ["backup", "--to", backupFile]);
    expect(backup, backup.stderr).toMatchObject({ code: 0 });
    expect(backup.stderr).toContain("auth-secret");
    expect(fs.existsSync(backupFile)).toBe(true);

    const again = await opinio(sourceDir, ["backup", "--to", backupFile]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists; pass --force");

    const freshDir = makeDataDir("opinio-cli-restored-");
    const restore = await opinio(freshDir, ["restore", "--from", backupFile]);
    expect(restore, restore.stderr).toMatchObject({ code: 0 });
    expect(restore.stdout).toContain("1 account, 0 pages");
    // One self-contained file: no temporary copy or WAL left beside it.
    expect(fs.readdirSync(freshDir)).toEqual(["opinio.db"]);

    const carol = await inDataDirAsync(freshDir, () => findUserByEmail("carol@example.test"));
    expect(carol?.id).toBe(userId);
    expect(await verifyPassword(carol!.passwordHash!, PASSWORD)).toBe(true);
  });

  it("refuses a file that is not a database and leaves the existing one untouched", async () => {
    const junk = path.join(path.dirname(backupFile), "notes.db");
    fs.writeFileSync(junk, "These are my notes, not a database.\n".repeat(100));
    const database = path.join(sourceDir, "opinio.db");
    const before = sha256(database);

    const run = await opinio(sourceDir, ["restore", "--from", junk]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${junk} is not an SQLite database`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(sha256(database)).toBe(before);
    expect(fs.readdirSync(sourceDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    const missing = await opinio(sourceDir, ["restore", "--from", path.join(sourceDir, "missing.db")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No such file");
  });

  it("refuses to restore while another process has the database open", async () => {
    closeDb();
    process.env.DATA_DIR = sourceDir;
    delete process.env.DATABASE_URL;
    getDb(); // this test process now plays the running server

    const run = await opinio(sourceDir, ["restore", "--from", backupFile]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is in use");
    expect(await countUsers()).toBe(1);
  });
});

describe("on PostgreSQL", () => {
  const postgres = withTempPostgresDatabase();
  const dataDir = withTempDir("opinio-cli-pg-");

  it("migrates the database and runs the account and token commands there", async () => {
    const onPostgres = { DATABASE_URL: postgres.url };
    const created = await opinio(dataDir, ["user", "create", "--email", "Pia@Example.test", "--name", "Pia"], `${PASSWORD}\n`, onPostgres);
    expect(created, created.stderr).toMatchObject({ code: 0 });
    const listed = await opinio(dataDir, ["user", "list"], "", onPostgres);
    expect(listed.stdout).toContain("pia@example.test");
    const token = await opinio(dataDir, ["token", "create", "--email", "pia@example.test", "--name", "ci"], "", onPostgres);
    expect(token, token.stderr).toMatchObject({ code: 0 });
    const rows = await withPostgres(postgres.url, (client) => client.query<{ n: number }>("SELECT count(*)::int AS n FROM api_tokens"));
    expect(rows.rows[0].n).toBe(1);
    // Nothing went to a SQLite file in the data directory instead.
    expect(fs.readdirSync(dataDir).filter((name) => name.endsWith(".db"))).toEqual([]);
  });
});
