import { assertBetterSqlite3Version } from "./better-sqlite3";
import { applyHocuspocusPatches } from "./hocuspocus";
import { assertLib0Patchable } from "./lib0";
import { assertWsPatchable } from "./ws";

/**
 * The one place library patches are applied: called at start-up (lib/server/main.ts) before
 * anything listens, and again by createCollabServer (a no-op then), so tests that start a collab
 * server without the whole app get the same patches. Throws, naming the patch module to review,
 * when an installed library is not the version its patches were written for or lacks a member
 * they rely on. Idempotent.
 *
 * One module per library, each saying per patch why it exists, what it changes and what would let
 * us delete it: hocuspocus.ts (prototype patches), ws.ts, lib0.ts (helpers over private members,
 * used by the collab code) and better-sqlite3.ts (applied per connection by db/client.ts).
 */
let applied = false;

export function applyPatches(): void {
  if (applied) return;
  assertWsPatchable();
  assertLib0Patchable();
  assertBetterSqlite3Version();
  applyHocuspocusPatches();
  applied = true;
}
