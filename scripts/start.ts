import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { startServer } from "@/lib/server/main";

/**
 * `npm start`: builds the app on first run (so `npm install && npm start` is all a newcomer
 * needs), then serves it. Run `npm run build` again after changing the code.
 */
const buildId = path.join(process.cwd(), ".next", "BUILD_ID");
if (!fs.existsSync(buildId)) {
  console.log("No production build yet: running `next build` once (this takes a minute or two)…");
  const result = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

startServer({ dev: false }).catch((error) => {
  console.error("Opinio failed to start:", error);
  process.exit(1);
});
