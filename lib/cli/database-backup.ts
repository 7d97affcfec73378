import { count } from "drizzle-orm";
import path from "node:path";
import { getDb } from "@/db/client";
import { databaseDialect } from "@/db/executor";
import { migrateDatabase } from "@/db/migrate";
import { countUsers } from "@/db/queries/users";
import { pages } from "@/db/schema";
import { backupDatabase, restoreDatabase } from "@/lib/commands/backup";
import { dataDir } from "@/lib/env";
import { badRequest } from "@/lib/errors";

/**
 * These two copy the SQLite file. PostgreSQL has its own tools, which an institution running it
 * already uses and which copy a live database consistently; copying it through Opinio would only
 * be a slower, less complete pg_dump.
 */
function refuseOnPostgres(command: "backup" | "restore"): void {
  if (databaseDialect() !== "postgres") return;
  throw badRequest(
    command === "backup"
      ? 'backup copies the SQLite file; on PostgreSQL use its own tools: pg_dump -Fc -f opinio.dump "$DATABASE_URL" (docs/deployment.md, Backups)'
      : 'restore replaces the SQLite file; on PostgreSQL use its own tools: pg_restore --clean --if-exists -d "$DATABASE_URL" opinio.dump (docs/deployment.md, Backups)',
  );
}

/** `backup`: copies the database (not migrated first: a pre-upgrade backup must stay pre-upgrade). */
export async function backupTo(input: { to: string; force: boolean }): Promise<{ file: string; bytes: number; secretNote: string }> {
  refuseOnPostgres("backup");
  const result = await backupDatabase(input.to, { force: input.force });
  return { ...result, secretNote: authSecretNote("backup") };
}

/** `restore`: replaces the database, then reports what the restored database holds. */
export async function restoreFrom(input: {
  from: string;
  force: boolean;
}): Promise<{ file: string; users: number; pages: number; secretNote: string }> {
  refuseOnPostgres("restore");
  const { file } = restoreDatabase(input.from, { force: input.force });
  // Already migrated before it replaced anything; this opens it the way the server will.
  migrateDatabase();
  return {
    file,
    users: await countUsers(),
    pages: getDb().select({ n: count() }).from(pages).get()?.n ?? 0,
    secretNote: authSecretNote("restore"),
  };
}

/** Sessions are signed with a secret that lives outside the database; a backup needs it too. */
function authSecretNote(after: "backup" | "restore"): string {
  if (process.env.AUTH_SECRET) {
    return "Note: sessions are signed with AUTH_SECRET from the environment; keep it together with the database backups.";
  }
  const file = path.join(dataDir(), "auth-secret");
  if (after === "backup") {
    return `Note: the backup holds only the database. Keep ${file} too: it signs sign-in sessions, and without it everyone has to sign in again.`;
  }
  return `Note: sign-in sessions are signed with ${file}; put the one from the backed-up data directory there (before starting the server) to keep people signed in.`;
}
