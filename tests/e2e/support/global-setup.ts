import fs from "node:fs";
import path from "node:path";

/**
 * Checks what every spec needs before any starts: a production build and Debian's Chromium. There
 * is no shared server: each spec starts its own (see own-server.ts).
 */
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, "..", "..", "..");
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) {
    throw new Error(
      `No production build at ${path.dirname(buildId)}: run \`npm run build\` (or \`npx next build\`) before \`npx playwright test\`.`,
    );
  }
  const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!fs.existsSync(chromium)) {
    throw new Error(
      `Chromium not found at ${chromium}: install Debian's package (apt-get install -y chromium); the tests never download a browser.`,
    );
  }
}
