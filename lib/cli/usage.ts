/**
 * A mistake in how the CLI was called. An unknown command is answered with the whole usage text;
 * a flag problem with a pointer to it, so the actual message is not lost above forty lines.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

/** Thrown when the person at the terminal cancels a prompt with Ctrl-C or Ctrl-D. */
export class CancelledError extends Error {
  constructor() {
    super("Cancelled");
  }
}

export const USAGE = `Opinio admin CLI

Usage: npm run opinio -- <command> [options]
       (add --silent after "npm run" to keep npm's own banner off stdout)

Accounts
  user create --email E --name N [--password-stdin]
      Create an account and print its id.
  user reset-password --email E [--password-stdin]
      Set a new password for an account.
  user list
      Print every account: id, e-mail, name.

  The password is read from standard input (the first line) when stdin is not a terminal or
  --password-stdin is given; otherwise it is asked for twice without echo.

API tokens
  token create --email E --name N
      Create a personal API token for the account and print it. Only the token goes to stdout,
      so TOKEN=$(npm run --silent opinio -- token create ...) captures it. It is shown once.

Backups
  backup --to FILE [--force]
      Copy the database to FILE with SQLite's online backup API; safe while the server runs.
      Refuses to overwrite FILE unless --force. Only the database is copied: also keep the
      auth-secret file from the data directory (or your AUTH_SECRET), which signs sessions.
  restore --from FILE [--force]
      Replace the database with the backup in FILE after checking it (SQLite integrity check,
      Opinio tables present) and migrating it to the current schema. Stop the server first:
      restore refuses while any other process has the database open, which it detects by
      asking SQLite for exclusive access. --force skips that check; restart the server after.

Moving to PostgreSQL
  migrate-to-postgres --from FILE --to postgres://USER:PASSWORD@HOST:5432/DATABASE
      Copy the Opinio SQLite database FILE (read only, never changed) into an empty PostgreSQL
      database: creates the schema, copies every table in one transaction (all or nothing),
      then checks row counts and checksums of the document bytes. Refuses a database that
      already holds Opinio data. Then start Opinio with DATABASE_URL set to that database.

  help, --help, -h
      Show this text.

The database is <DATA_DIR>/opinio.db (DATA_DIR defaults to ./data) or DATABASE_URL. Every
command except backup, restore and migrate-to-postgres first applies pending migrations, so a
fresh data directory works. Exit status: 0 on success, 1 when the command failed, 2 when it was
called wrongly.
`;
