import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * Server actions called as the browser calls them: POST with the `Next-Action` header naming the
 * action's id (from the build's server-reference manifest) and the arguments encoded by React's
 * own reply encoder.
 */
const requireFromHere = createRequire(__filename);
export const { encodeReply } = requireFromHere("next/dist/compiled/react-server-dom-webpack/client.node") as {
  encodeReply: (value: unknown[]) => Promise<string | FormData>;
};

/** The id of the action `key` ("app/…/actions.ts#name") in the production build. */
export function actionId(key: string): string {
  const file = path.resolve(__dirname, "../../.next/server/server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { filename?: string; exportedName?: string }> };
  // Built in a worktree, file names carry the worktree's folder in front: compare the ends.
  const found = Object.entries(manifest.node).find(([, entry]) => `/${entry.filename}#${entry.exportedName}`.endsWith(`/${key}`));
  if (!found) throw new Error(`${key} is not in the build's manifest: run \`npx next build\``);
  return found[0];
}
