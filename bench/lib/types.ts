import type { Dialect } from "@/db/executor";

/** Options every benchmark accepts. */
export interface BenchOptions {
  /** Smoke mode: a smaller workload that finishes in a few seconds, for tests. */
  quick: boolean;
  /** The benchmark's own temporary DATA_DIR (fresh and migrated), for servers it starts. */
  dataDir: string;
  /** The database the runner made (`--db`): SQLite in dataDir, or a temporary PostgreSQL database named by DATABASE_URL. */
  db: Dialect;
}

/** One figure, optionally set against a reference measured in the same run. */
export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  reference?: { label: string; value: number };
  /** value / reference.value; the runner fills it in when a reference is given. */
  ratio?: number;
}

export interface BenchResult {
  rows: BenchRow[];
  /** What the references are and how the workload was built, printed under the table. */
  notes?: string[];
}

/** What a module in bench/benchmarks/<name>.ts exports. */
export interface Benchmark {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<BenchResult>;
}
