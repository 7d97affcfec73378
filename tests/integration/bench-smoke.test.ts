import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { METRICS } from "@/bench/benchmarks/history";
import { METRICS as SEARCH_METRICS } from "@/bench/benchmarks/search";
import { makeDataDir } from "../helpers/server";

/**
 * The benchmark runner as a developer runs it (`node --import tsx bench/run.ts`), in quick
 * mode. It checks that the benchmark still runs end to end and reports every figure; it asserts
 * no timings, which would be flaky on shared machines.
 */

const ROOT = path.resolve(__dirname, "..", "..");
const resultsDir = makeDataDir("opinio-bench-results-");

afterAll(() => fs.rmSync(resultsDir, { recursive: true, force: true }));

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/run.ts", ...args], { cwd: ROOT, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("bench/run.ts --quick", () => {
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
    const files = fs.readdirSync(resultsDir).filter((file) => /^search-.*\.json$/.test(file));
    expect(files).toHaveLength(1);
    const result = JSON.parse(fs.readFileSync(path.join(resultsDir, files[0]), "utf8"));
    expect(result).toMatchObject({ benchmark: "search", quick: true });
    for (const row of result.rows) expect(Number.isFinite(row.value)).toBe(true);
  }, 40_000);

  it("refuses an unknown benchmark name", async () => {
    const { code, stderr } = await runBench(["--quick", "--results-dir", resultsDir, "no-such-benchmark"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown benchmark: no-such-benchmark");
  }, 20_000);
});
