import path from "node:path";
import { checkBudgets } from "@/lib/build/js-budget";
import { JS_BUDGETS } from "@/lib/build/js-budgets";

/** Run after `next build` (npm run build): fails when a page's JavaScript grew past its budget (lib/build/js-budgets.ts). */
const results = checkBudgets(path.join(process.cwd(), ".next"), JS_BUDGETS);
for (const r of results) {
  const kib = r.gzipBytes / 1024;
  const target = r.budget.targetKiB ? `, target ${r.budget.targetKiB} KiB` : "";
  console.log(`${r.over ? "OVER" : "ok  "} ${r.route}: ${kib.toFixed(1)} KiB of JavaScript (gzip; budget ${r.budget.maxKiB} KiB${target})`);
}
const over = results.filter((r) => r.over);
if (over.length > 0) {
  console.error(
    `JavaScript budget exceeded on ${over.map((r) => r.route).join(", ")}: load what the page does not need at first paint later ` +
      "(next/dynamic, import() on use), or raise the budget in lib/build/js-budgets.ts and say why there.",
  );
  process.exit(1);
}
