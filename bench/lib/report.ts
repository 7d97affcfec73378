import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchResult, BenchRow } from "./types";

export interface MachineInfo {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  totalMemoryGiB: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: os.platform(),
    arch: os.arch(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    totalMemoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
  };
}

export function formatMachine(info: MachineInfo): string {
  return `node ${info.node} on ${info.platform}/${info.arch}, ${info.cpus} × ${info.cpuModel}, ${info.totalMemoryGiB} GiB RAM`;
}

/** Fills in ratio = value / reference wherever a reference was measured. */
export function withRatios(rows: BenchRow[]): BenchRow[] {
  return rows.map((row) => (row.reference && row.ratio === undefined ? { ...row, ratio: row.value / row.reference.value } : row));
}

/** Three significant digits, but never scientific notation and never more decimals than needed. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString("en-US");
  if (abs === 0) return "0";
  const decimals = Math.min(6, Math.max(0, 2 - Math.floor(Math.log10(abs))));
  return value.toFixed(decimals);
}

function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) return "";
  return ratio >= 10 ? `${formatNumber(ratio)}×` : `${ratio.toFixed(ratio < 0.01 ? 4 : 3)}×`;
}

/** A plain-text table (metric, value, unit, reference, reference value, ratio) that reads well in a terminal and in Markdown. */
export function formatTable(rows: BenchRow[]): string {
  const header = ["metric", "value", "unit", "reference", "ref value", "ratio"];
  const body = rows.map((row) => [
    row.metric,
    formatNumber(row.value),
    row.unit,
    row.reference?.label ?? "",
    row.reference ? formatNumber(row.reference.value) : "",
    formatRatio(row.ratio),
  ]);
  const numeric = [false, true, false, false, true, true];
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((cells) => cells[c].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (numeric[c] ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...body.map(line)].join("\n");
}

export interface ResultFile extends BenchResult {
  benchmark: string;
  description: string;
  quick: boolean;
  /** The database under test (`--db`). */
  db: "sqlite" | "postgres";
  startedAt: string;
  durationMs: number;
  machine: MachineInfo;
}

/** Writes `<dir>/<name>-<timestamp>.json` and returns its path. */
export function writeResultFile(dir: string, result: ResultFile): string {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, "-");
  const file = path.join(dir, `${result.benchmark}-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
  return file;
}
