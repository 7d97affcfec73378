import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { withTempDataDir } from "./lib/data-dir";
import { formatMachine, formatTable, machineInfo, withRatios, writeResultFile } from "./lib/report";
import { nowMs } from "./lib/timing";
import type { Dialect } from "@/db/executor";
import type { Benchmark } from "./lib/types";

/**
 * `npm run bench [-- [--quick] [--db sqlite|postgres] [--results-dir <dir>] [name…]]`: runs every
 * module in bench/benchmarks (or the named ones), each against its own temporary database, prints
 * a table per benchmark and writes it as JSON to bench/results/<name>-<timestamp>.json.
 */

const ROOT = path.resolve(__dirname, "..");
const BENCHMARKS_DIR = path.join(__dirname, "benchmarks");

const USAGE = `Usage: npm run bench -- [--quick] [--results-dir <dir>] [name…]

  name             run only these benchmarks (default: all of them)
  --quick          smoke mode: a small workload that finishes in seconds
  --results-dir    where to write the JSON results (default: bench/results)`;

function availableBenchmarks(): string[] {
  return fs
    .readdirSync(BENCHMARKS_DIR)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .map((file) => file.slice(0, -".ts".length))
    .sort();
}

async function loadBenchmark(name: string): Promise<Benchmark> {
  const mod = await import(pathToFileURL(path.join(BENCHMARKS_DIR, `${name}.ts`)).href);
  // tsx compiles the module to CommonJS, so its named exports may arrive under `default`.
  const candidate = (typeof mod.run === "function" ? mod : mod.default) as Partial<Benchmark> | undefined;
  if (!candidate || typeof candidate.run !== "function" || typeof candidate.name !== "string") {
    throw new Error(`bench/benchmarks/${name}.ts must export name, description and run()`);
  }
  return candidate as Benchmark;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: "boolean", default: false },
      db: { type: "string", default: "sqlite" },
      "results-dir": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const quick = values.quick === true;
  if (values.db !== "sqlite" && values.db !== "postgres") {
    console.error(`--db must be sqlite or postgres, not ${JSON.stringify(values.db)}.\n\n${USAGE}`);
    return 2;
  }
  const db: Dialect = values.db;
  const resultsDir = path.resolve(values["results-dir"] ?? path.join(__dirname, "results"));
  // The migrations (db/migrations, db/postgres/migrations) are found from the working directory.
  process.chdir(ROOT);

  const available = availableBenchmarks();
  const unknown = positionals.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark: ${unknown.join(", ")}. Available: ${available.join(", ")}.\n\n${USAGE}`);
    return 2;
  }
  const names = positionals.length > 0 ? positionals : available;

  const machine = machineInfo();
  console.log(`Opinio benchmarks${quick ? " (quick)" : ""} on ${db === "postgres" ? "PostgreSQL" : "SQLite"}: ${formatMachine(machine)}`);
  let failures = 0;
  for (const name of names) {
    const startedAt = new Date().toISOString();
    const start = nowMs();
    try {
      const benchmark = await loadBenchmark(name);
      console.log(`\n## ${benchmark.name}: ${benchmark.description}${quick ? " (quick)" : ""}\n`);
      const result = await withTempDataDir((dataDir) => benchmark.run({ quick, dataDir, db }), db);
      const rows = withRatios(result.rows);
      const durationMs = Math.round(nowMs() - start);
      console.log(formatTable(rows));
      if (result.notes?.length) console.log("\n" + result.notes.map((note) => `- ${note}`).join("\n"));
      const file = writeResultFile(resultsDir, {
        benchmark: benchmark.name,
        description: benchmark.description,
        quick,
        db,
        startedAt,
        durationMs,
        machine,
        rows,
        notes: result.notes ?? [],
      });
      console.log(`\n${benchmark.name}: ${(durationMs / 1000).toFixed(1)} s; results in ${path.relative(ROOT, file) || file}`);
    } catch (error) {
      failures += 1;
      console.error(`\n${name} failed:`, error);
    }
  }
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
