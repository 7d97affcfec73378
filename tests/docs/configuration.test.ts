import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { config, dataDir, databasePath, ensureAuthSecret } from "@/lib/env";
import { codeSpans, readDoc, ROOT, tableRows } from "./markdown";

/**
 * The README's configuration tables must say what the code does: every variable lib/env.ts reads
 * is in the first table with the default lib/env.ts applies, nothing else is; the second table
 * lists the few read elsewhere, each where it is read; and no production code reads a variable
 * that neither table mentions.
 */

const readme = readDoc("README.md");
const envTable = tableRows(readme, ["Variable", "Default", "Meaning"]);
const elsewhereTable = tableRows(readme, ["Variable", "Default", "Read in", "Meaning"]);

const variablesIn = (rows: Record<string, string>[]) => rows.flatMap((row) => codeSpans(row.Variable));

/** Read only by tests, benchmarks and the tools that start a server for them; not for operators. */
const INTERNAL = new Set(["OPINIO_DIAGNOSTICS", "OPINIO_FAILPOINTS_FILE", "OPINIO_LEASE_TTL_MS", "OPINIO_PRINT_PORT"]);

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * Runs `work` with `process.env` replaced by exactly `values`, recording every variable read.
 * lib/env.ts reads the environment on each call, so this sees what it reads and what it makes of it.
 */
function withEnv<T>(values: Record<string, string>, work: () => T): { result: T; read: Set<string> } {
  const original = process.env;
  const read = new Set<string>();
  process.env = new Proxy(
    { ...values },
    {
      get(target, key) {
        if (typeof key === "string" && ENV_NAME.test(key)) read.add(key);
        return Reflect.get(target, key);
      },
    },
  ) as NodeJS.ProcessEnv;
  try {
    return { result: work(), read };
  } finally {
    process.env = original;
  }
}

/** Everything lib/env.ts derives from the environment, except the secret (which writes a file). */
const observables: Record<string, () => unknown> = { "dataDir()": dataDir, "databasePath()": databasePath };
for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(config))) {
  if (descriptor.get) observables[`config.${name}`] = () => descriptor.get!.call(config);
}

function observeAll(values: Record<string, string>): Record<string, string> {
  return withEnv(values, () =>
    Object.fromEntries(
      Object.entries(observables).map(([name, read]) => {
        try {
          return [name, String(read())];
        } catch {
          return [name, "(refused)"];
        }
      }),
    ),
  ).result;
}

/** Variables lib/env.ts reads, seen at run time (with nothing set, so every fallback runs too). */
function variablesReadAtRunTime(): Set<string> {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-env-"));
  try {
    const { read } = withEnv({ DATA_DIR: temp }, () => {
      for (const read of Object.values(observables)) read();
      ensureAuthSecret();
    });
    const { read: readWithoutDataDir } = withEnv({}, () => Object.values(observables).forEach((read) => read()));
    return new Set([...read, ...readWithoutDataDir]);
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

/** Variables named in lib/env.ts's source: `process.env.X` and the `int("X", …)`-style helpers' string literals. */
function variablesNamedInSource(): Set<string> {
  const source = readDoc("lib/env.ts");
  const names = [
    ...[...source.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]),
    ...[...source.matchAll(/\(\s*"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/g)].map((match) => match[1]),
  ];
  return new Set(names);
}

/** The documented default as lib/env.ts would report it (paths resolved as lib/env.ts resolves them). */
function expectedValue(documented: string, defaults: Record<string, string>): string {
  // "unset": the setting is off (lib/env.ts answers null) until given.
  if (documented === "unset") return "null";
  if (documented.startsWith("<DATA_DIR>/")) return path.join(defaults["dataDir()"], documented.slice("<DATA_DIR>/".length));
  if (documented.startsWith("./")) return path.resolve(documented);
  return documented;
}

/** Which of lib/env.ts's values a variable changes, found by setting it to values it accepts. */
function valuesChangedBy(variable: string, defaults: Record<string, string>): string[] {
  for (const probe of ["7", "true", "false", "probe", "smtp://probe.example:25", "https://probe.example"]) {
    const seen = observeAll({ [variable]: probe });
    const changed = Object.keys(seen).filter((name) => seen[name] !== "(refused)" && seen[name] !== defaults[name]);
    if (changed.length > 0) return changed;
  }
  return [];
}

/** Environment variables read by production code (app, components, db, lib, scripts), tests excluded. */
function variablesReadByProductionCode(): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "migrations") visit(relative);
        continue;
      }
      if (!/\.(ts|tsx|mjs|js)$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
      const source = fs.readFileSync(path.join(ROOT, relative), "utf8");
      const patterns = [
        /process\.env\.([A-Z][A-Z0-9_]*)/g,
        /process\.env\[\s*["'`]([A-Z][A-Z0-9_]*)["'`]\s*\]/g,
        /\benv\.([A-Z][A-Z0-9_]*)\b/g,
      ];
      for (const pattern of patterns) for (const match of source.matchAll(pattern)) if (!found.has(match[1])) found.set(match[1], relative);
    }
  };
  for (const dir of ["app", "components", "db", "lib", "scripts"]) visit(dir);
  return found;
}

describe("the README's configuration tables", () => {
  it("list in the first table exactly the variables lib/env.ts reads", () => {
    const read = new Set([...variablesReadAtRunTime(), ...variablesNamedInSource()]);
    expect(read.size).toBeGreaterThan(10);
    const documented = new Set(variablesIn(envTable));
    expect({
      readButNotDocumented: [...read].filter((variable) => !documented.has(variable)),
      documentedButNotRead: [...documented].filter((variable) => !read.has(variable)),
    }).toEqual({ readButNotDocumented: [], documentedButNotRead: [] });
  });

  it("give each of them the default lib/env.ts applies", () => {
    const defaults = observeAll({});
    for (const row of envTable) {
      const [variable] = codeSpans(row.Variable);
      if (variable === "AUTH_SECRET") continue; // generated: the next test
      const documented = codeSpans(row.Default)[0];
      expect(documented, `${variable}: its default should be written as code`).toBeDefined();
      const changed = valuesChangedBy(variable, defaults);
      expect(changed, `${variable} changes nothing lib/env.ts exposes`).not.toEqual([]);
      const actual = changed.map((name) => defaults[name]);
      expect(actual, `${variable}: the README says ${documented}`).toContain(expectedValue(documented, defaults));
    }
  });

  it("say where a generated AUTH_SECRET is kept, which is where lib/env.ts keeps it", () => {
    const row = envTable.find((candidate) => codeSpans(candidate.Variable).includes("AUTH_SECRET"));
    expect(row?.Default).toContain("`<DATA_DIR>/auth-secret`");
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-secret-"));
    try {
      const { result: secret } = withEnv({ DATA_DIR: temp }, () => ensureAuthSecret());
      const file = path.join(temp, "auth-secret");
      expect(fs.readFileSync(file, "utf8").trim()).toBe(secret);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  });

  it("name, in the second table, the file that reads each variable and the default it applies", () => {
    expect(elsewhereTable.length).toBeGreaterThan(0);
    const fromEnvModule = new Set(variablesIn(envTable));
    for (const row of elsewhereTable) {
      const [file] = codeSpans(row["Read in"]);
      const source = readDoc(file);
      for (const variable of codeSpans(row.Variable)) {
        expect(fromEnvModule.has(variable), `${variable} is in both tables`).toBe(false);
        expect(source, `${file} should read ${variable}`).toMatch(new RegExp(`\\benv\\.${variable}\\b`));
      }
      const [defaultValue] = codeSpans(row.Default);
      if (defaultValue) expect(source, `${file} should fall back to ${defaultValue}`).toContain(defaultValue);
    }
  });

  it("leave out no variable that production code reads", () => {
    const documented = new Set([...variablesIn(envTable), ...variablesIn(elsewhereTable), ...INTERNAL]);
    const undocumented = [...variablesReadByProductionCode()].filter(([variable]) => !documented.has(variable));
    expect(undocumented.map(([variable, file]) => `${variable} (${file})`)).toEqual([]);
  });
});
