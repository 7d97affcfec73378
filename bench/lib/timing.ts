/** Milliseconds since an arbitrary origin, from the monotonic high-resolution clock. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `work` once and returns its result with the time it took (ms). */
export function timed<T>(work: () => T): { result: T; ms: number } {
  const start = process.hrtime.bigint();
  const result = work();
  return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/**
 * Times `work` `runs` times after `warmup` untimed calls (which let V8 compile the hot paths
 * and SQLite warm its page cache, so the figures describe a server that has been up a while).
 * `setup`, when given, runs untimed before each call and hands `work` its input, for work that
 * must start from a fresh object every time (a Y.Doc just loaded, say).
 */
export function sampleMs<T = undefined>(
  work: (input: T) => unknown,
  { runs, warmup = 1, setup }: { runs: number; warmup?: number; setup?: () => T },
): number[] {
  const input = () => (setup ? setup() : (undefined as T));
  for (let i = 0; i < warmup; i++) work(input());
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const prepared = input();
    samples.push(timed(() => work(prepared)).ms);
  }
  return samples;
}

/** The p-th percentile (0–100) by linear interpolation between the nearest ranks. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** timed, for async work: the time until its promise settles. */
export async function timedAsync<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** sampleMs, for async work (the queries of the async data layer). */
export async function sampleMsAsync(
  work: () => Promise<unknown>,
  { runs, warmup = 1 }: { runs: number; warmup?: number },
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await timedAsync(work)).ms);
  return samples;
}
