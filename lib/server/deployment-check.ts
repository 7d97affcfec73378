/**
 * Settings that cannot work together, found before the server opens anything (issue 20): every
 * problem at once, each saying what to change. Several instances (REDIS_URL) are only correct on
 * one shared PostgreSQL with secrets every instance shares; a URL of another database is refused
 * rather than read as a file name.
 */
export function deploymentProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const database = env.DATABASE_URL ?? "";
  const onPostgres = /^postgres(ql)?:/i.test(database);
  const redis = env.REDIS_URL;

  if (!onPostgres && /^[a-z][a-z0-9+.-]*:\/\//i.test(database) && !/^file:/i.test(database))
    problems.push(
      `DATABASE_URL must be a SQLite file (a path, or file:path) or a postgres:// URL; "${database.replace(/\/\/[^@/]*@/, "//***@")}" is neither.`,
    );

  if (redis !== undefined) {
    let valid = false;
    try {
      valid = ["redis:", "rediss:"].includes(new URL(redis).protocol);
    } catch {
      valid = false;
    }
    if (!valid) problems.push("REDIS_URL must be a redis:// or rediss:// URL.");
    if (!onPostgres)
      problems.push(
        "REDIS_URL is set, which runs several instances, but the database is a SQLite file that only one process may serve: set DATABASE_URL to the PostgreSQL database every instance shares, or unset REDIS_URL.",
      );
    if (!env.AUTH_SECRET)
      problems.push(
        "Several instances (REDIS_URL) must share one AUTH_SECRET: each would otherwise generate its own and refuse the sessions the others sign. Set the same AUTH_SECRET on every instance.",
      );
    if (!env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY)
      problems.push(
        "Several instances (REDIS_URL) must share one NEXT_SERVER_ACTIONS_ENCRYPTION_KEY (32 random bytes, base64): forms submitted to another instance than the one that rendered them would fail. Set the same key on every instance.",
      );
  }
  return problems;
}
