import { parseArgs, type ParseArgsConfig } from "node:util";
import { closeDatabase } from "@/db/executor";
import { createTokenForAccount } from "@/lib/cli/api-tokens";
import { backupTo, restoreFrom } from "@/lib/cli/database-backup";
import { migrateToPostgres } from "@/lib/cli/migrate-to-postgres";
import { readNewPassword } from "@/lib/cli/password-input";
import { CancelledError, USAGE, UsageError } from "@/lib/cli/usage";
import { createAccount, listAccounts, resetAccountPassword } from "@/lib/cli/user-accounts";
import { AppError } from "@/lib/errors";

/**
 * `npm run opinio -- <command>`: the admin CLI for self-hosters. This file only parses
 * arguments and prints; the work is in lib/cli. Results go to stdout, everything meant for the
 * person (notes, confirmations, errors) to stderr, so command output can be captured by scripts.
 */

type Flags = ReturnType<typeof parseArgs>["values"];
type Command = {
  options: NonNullable<ParseArgsConfig["options"]>;
  required?: string[];
  run(flags: Flags): Promise<void> | void;
};

const say = (line: string) => process.stdout.write(line + "\n");
const tell = (line: string) => process.stderr.write(line + "\n");
const str = (flags: Flags, name: string) => String(flags[name]);
const passwordFrom = (flags: Flags) => () => readNewPassword({ fromStdin: flags["password-stdin"] === true });

const commands: Record<string, Command> = {
  "user create": {
    options: { email: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" } },
    required: ["email", "name"],
    async run(flags) {
      const user = await createAccount({ email: str(flags, "email"), name: str(flags, "name") }, passwordFrom(flags));
      tell(`Created account for ${user.email}.`);
      say(user.id);
    },
  },
  "user reset-password": {
    options: { email: { type: "string" }, "password-stdin": { type: "boolean" } },
    required: ["email"],
    async run(flags) {
      const user = await resetAccountPassword({ email: str(flags, "email") }, passwordFrom(flags));
      say(`Password changed for ${user.email}.`);
    },
  },
  "user list": {
    options: {},
    async run() {
      const users = await listAccounts();
      if (users.length === 0) {
        tell("No accounts yet. Create one with: npm run opinio -- user create --email E --name N");
        return;
      }
      printTable(
        ["ID", "EMAIL", "NAME"],
        users.map((u) => [u.id, u.email, u.name]),
      );
    },
  },
  "token create": {
    options: { email: { type: "string" }, name: { type: "string" } },
    required: ["email", "name"],
    async run(flags) {
      const { token, tokenName, email } = await createTokenForAccount({ email: str(flags, "email"), name: str(flags, "name") });
      tell(`Created API token "${tokenName}" for ${email}. It is shown only this once:`);
      say(token);
    },
  },
  backup: {
    options: { to: { type: "string" }, force: { type: "boolean" } },
    required: ["to"],
    async run(flags) {
      const result = await backupTo({ to: str(flags, "to"), force: flags.force === true });
      say(`Backed up the database to ${result.file} (${formatBytes(result.bytes)}).`);
      tell(result.secretNote);
    },
  },
  restore: {
    options: { from: { type: "string" }, force: { type: "boolean" } },
    required: ["from"],
    async run(flags) {
      const result = await restoreFrom({ from: str(flags, "from"), force: flags.force === true });
      say(`Restored ${result.file} (${plural(result.users, "account")}, ${plural(result.pages, "page")}).`);
      tell(result.secretNote);
    },
  },
  "migrate-to-postgres": {
    options: { from: { type: "string" }, to: { type: "string" } },
    required: ["from", "to"],
    async run(flags) {
      const result = await migrateToPostgres({ from: str(flags, "from"), to: str(flags, "to") });
      printTable(
        ["TABLE", "SQLITE", "POSTGRES"],
        result.tables.map((t) => [t.table, String(t.sqlite), String(t.postgres)]),
      );
      say("");
      printTable(
        ["BYTES", "CHECKSUM (SQLITE = POSTGRES)"],
        result.checksums.map((c) => [c.column, c.postgres]),
      );
      say("");
      const rows = result.tables.reduce((sum, t) => sum + t.postgres, 0);
      say(`Moved ${plural(rows, "row")} into ${result.target}; counts and checksums match.`);
      say(`Search index built: ${plural(result.searchIndex.pages, "page")}, ${plural(result.searchIndex.comments, "comment")}.`);
      if (result.replacedNuls.length > 0) {
        const where = result.replacedNuls.map((r) => `${r.column} (${r.values})`).join(", ");
        tell(`Note: PostgreSQL text cannot hold the NUL character; it was replaced with U+FFFD in ${where}.`);
      }
      tell("The server cannot run on PostgreSQL yet (issue 20, preview): keep serving from the SQLite file for now.");
    },
  },
};

const GROUPS = new Set(
  Object.keys(commands)
    .filter((key) => key.includes(" "))
    .map((key) => key.split(" ")[0]),
);

/** Finds the command named by the leading words of argv; the rest are its flags. */
function findCommand(argv: string[]): { command: Command; name: string; rest: string[] } {
  const [first, second] = argv;
  if (GROUPS.has(first)) {
    const name = `${first} ${second ?? ""}`.trim();
    if (commands[name] && second) return { command: commands[name], name, rest: argv.slice(2) };
    throw new UsageError(second ? `Unknown command "${name}"` : `"${first}" needs a subcommand`, true);
  }
  if (commands[first]) return { command: commands[first], name: first, rest: argv.slice(1) };
  throw new UsageError(`Unknown command "${first}"`, true);
}

async function main(argv: string[]): Promise<void> {
  if (argv.length === 0 || ["help", "--help", "-h"].includes(argv[0]) || argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return;
  }
  const { command, name, rest } = findCommand(argv);
  let flags: Flags;
  try {
    flags = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // node:util's messages ("Unknown option '--x'") are already clear; they just need the context.
    throw new UsageError(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const missing = (command.required ?? []).filter((flag) => typeof flags[flag] !== "string");
  if (missing.length > 0) throw new UsageError(`${name}: missing ${missing.map((flag) => `--${flag}`).join(", ")}`);
  await command.run(flags);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  for (const row of [header, ...rows]) say(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  "));
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Expected failures get one line; anything else is a bug and keeps its stack trace. */
function report(error: unknown): number {
  if (error instanceof UsageError) {
    tell(`error: ${error.message}`);
    if (error.showUsage) process.stderr.write("\n" + USAGE);
    else tell("Run `npm run opinio -- help` for usage.");
    return 2;
  }
  if (error instanceof CancelledError) {
    tell(error.message);
    return 130;
  }
  if (error instanceof AppError) {
    tell(`error: ${error.message}`);
    return 1;
  }
  tell(`error: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
}

void main(process.argv.slice(2))
  .then(
    () => 0,
    (error: unknown) => report(error),
  )
  .then(async (code) => {
    // Both databases: an open PostgreSQL pool would keep the process alive.
    await closeDatabase();
    // exitCode rather than exit(): lets piped stdout drain before the process ends.
    process.exitCode = code;
  });
