import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { METRICS as ACKLATENCY } from "@/bench/benchmarks/acklatency";
import { METRICS as COLDOPEN } from "@/bench/benchmarks/coldopen";
import { METRICS as FANOUT } from "@/bench/benchmarks/fanout";
import { METRICS as FANOUT_INSTANCES } from "@/bench/benchmarks/fanout-instances";
import { METRICS } from "@/bench/benchmarks/history";
import { METRICS as INGEST } from "@/bench/benchmarks/ingest";
import { METRICS as PAGELOAD } from "@/bench/benchmarks/pageload";
import { METRICS as PERSISTENCE } from "@/bench/benchmarks/persistence";
import { METRICS as RENDER } from "@/bench/benchmarks/render";
import { METRICS as SEARCH_METRICS } from "@/bench/benchmarks/search";
import { METRICS as STARTUP } from "@/bench/benchmarks/startup";
import { METRICS as SUGGESTION_DECIDE } from "@/bench/benchmarks/suggestion-decide";
import { METRICS as SUGGESTION_FANOUT } from "@/bench/benchmarks/suggestion-fanout";
import { METRICS as TYPING } from "@/bench/benchmarks/typing";
import { tracesAvailable } from "@/bench/lib/traces";
import { postgresUrl, withPostgres } from "../helpers/temp-postgres";
import { withTempDir } from "../helpers/with-server";

/**
 * The benchmark runner as a developer runs it (`node --import tsx bench/run.ts`), in quick
 * mode. It checks that the benchmark still runs end to end and reports every figure; it asserts
 * no timings, which would be flaky on shared machines.
 */

const ROOT = path.resolve(__dirname, "..", "..");
const resultsDir = withTempDir("opinio-bench-results-");

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/run.ts", ...args], {
    cwd: ROOT,
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function readResult(name: string, dir = resultsDir) {
  const files = fs.readdirSync(dir).filter((file) => new RegExp(`^${name}-.*\\.json$`).test(file));
  expect(files).toHaveLength(1);
  return JSON.parse(fs.readFileSync(path.join(dir, files[0]), "utf8")) as {
    benchmark: string;
    quick: boolean;
    db: string;
    rows: { value: number; ratio?: number; reference?: { value: number } }[];
    notes: string[];
  };
}

describe("bench/run.ts --quick history", () => {
  it("runs the history benchmark and reports every metric", async () => {
    const { code, stdout, stderr } = await runBench(["--quick", "--results-dir", resultsDir, "history"]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("node v");
    for (const metric of Object.values(METRICS)) expect(stdout).toContain(metric);

    const files = fs.readdirSync(resultsDir).filter((file) => /^history-.*\.json$/.test(file));
    expect(files).toHaveLength(1);
    const result = JSON.parse(fs.readFileSync(path.join(resultsDir, files[0]), "utf8"));
    expect(result).toMatchObject({ benchmark: "history", quick: true });
    expect(result.machine.cpus).toBeGreaterThan(0);
    for (const row of result.rows) {
      expect(Number.isFinite(row.value)).toBe(true);
      if (row.reference) expect(row.ratio).toBeCloseTo(row.value / row.reference.value);
    }
  }, 40_000);

  it("runs the search benchmark and reports every metric", async () => {
    const { code, stdout, stderr } = await runBench(["--quick", "--results-dir", resultsDir, "search"]);
    expect(code, stderr).toBe(0);
    for (const metric of Object.values(SEARCH_METRICS)) expect(stdout).toContain(metric);
    const result = readResult("search");
    expect(result).toMatchObject({ benchmark: "search", quick: true });
    for (const row of result.rows) expect(Number.isFinite(row.value)).toBe(true);
  }, 40_000);

  it("refuses an unknown benchmark name", async () => {
    const { code, stderr } = await runBench(["--quick", "--results-dir", resultsDir, "no-such-benchmark"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown benchmark: no-such-benchmark");
  }, 20_000);
});

/**
 * The server benchmarks start the real server (and the references) as child processes; in quick
 * mode each runs for a few seconds. Those replaying editing traces skip with a message when
 * ../shared/traces is absent.
 */
const SERVER_BENCHMARKS: { name: string; metrics: Record<string, string>; traces: boolean }[] = [
  { name: "fanout", metrics: FANOUT, traces: true },
  { name: "ingest", metrics: INGEST, traces: true },
  { name: "coldopen", metrics: COLDOPEN, traces: true },
  { name: "render", metrics: RENDER, traces: false },
  { name: "startup", metrics: STARTUP, traces: false },
  { name: "persistence", metrics: PERSISTENCE, traces: false },
  { name: "pageload", metrics: PAGELOAD, traces: false },
  { name: "typing", metrics: TYPING, traces: false },
  { name: "suggestion-fanout", metrics: SUGGESTION_FANOUT, traces: false },
  { name: "suggestion-decide", metrics: SUGGESTION_DECIDE, traces: false },
  // These two always use PostgreSQL (a temporary database of their own without --db postgres);
  // fanout-instances also the local Redis.
  { name: "acklatency", metrics: ACKLATENCY, traces: true },
  { name: "fanout-instances", metrics: FANOUT_INSTANCES, traces: true },
];

describe("bench/run.ts --quick, server benchmarks", () => {
  for (const benchmark of SERVER_BENCHMARKS) {
    it(`runs ${benchmark.name} and reports every metric`, async () => {
      await expectServerBenchmarkRuns(benchmark, []);
    }, 120_000);
  }
});

async function expectServerBenchmarkRuns(benchmark: (typeof SERVER_BENCHMARKS)[number], args: string[], dir = resultsDir): Promise<void> {
  const { code, stdout, stderr } = await runBench(["--quick", ...args, "--results-dir", dir, benchmark.name]);
  expect(code, stderr).toBe(0);
  const result = readResult(benchmark.name, dir);
  expect(result).toMatchObject({ benchmark: benchmark.name, quick: true });
  if (benchmark.traces && !tracesAvailable().ok) {
    expect(stdout).toContain("skipped: editing traces not found");
    return;
  }
  for (const metric of Object.values(benchmark.metrics)) expect(stdout).toContain(metric);
  expect(result.rows.length).toBeGreaterThan(0);
  for (const row of result.rows) {
    expect(Number.isFinite(row.value)).toBe(true);
    if (row.reference) expect(row.ratio).toBeCloseTo(row.value / row.reference.value);
  }
}

/**
 * `--db postgres` (issue 20): the benchmark's database, and the servers it starts, on a temporary
 * PostgreSQL database that is dropped afterwards. One benchmark per kind of PostgreSQL path: the
 * group commit under load (ingest), the log read back through the async layer (persistence), and
 * a server migrating an empty database at start (startup); and the in-process ones.
 */
const benchDatabases = () =>
  withPostgres(postgresUrl("postgres"), async (client) =>
    (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'opinio_bench_%'")).rows.map(
      (row) => row.datname,
    ),
  );

describe("bench/run.ts --quick --db postgres", () => {
  const postgresResultsDir = withTempDir("opinio-bench-results-pg-");
  // One of each kind of server path, and the in-process ones: the version store read back through
  // the async layer, and search's tsvector path against its own bare reference.
  const onPostgres = [
    ...SERVER_BENCHMARKS.filter((benchmark) => ["ingest", "persistence", "startup"].includes(benchmark.name)),
    { name: "history", metrics: METRICS, traces: false },
    { name: "search", metrics: SEARCH_METRICS, traces: false },
  ];
  for (const benchmark of onPostgres) {
    it(`runs ${benchmark.name} on a temporary PostgreSQL database, reports every metric, and drops the database`, async () => {
      const before = await benchDatabases();
      await expectServerBenchmarkRuns(benchmark, ["--db", "postgres"], postgresResultsDir);
      expect(readResult(benchmark.name, postgresResultsDir).db).toBe("postgres");
      expect((await benchDatabases()).filter((name) => !before.includes(name))).toEqual([]);
    }, 120_000);
  }

  it("refuses a database it does not know", async () => {
    const { code, stderr } = await runBench(["--quick", "--db", "mysql", "--results-dir", postgresResultsDir, "ingest"]);
    expect(code).toBe(2);
    expect(stderr).toContain('--db must be sqlite or postgres, not "mysql"');
  }, 20_000);
});
