import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkBudgets, routeScripts } from "./js-budget";

/** A build directory with the two manifests the check reads and the chunks they name. */
function fakeBuild(chunks: Record<string, number>, entries: Record<string, string[]>, rootMainFiles: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-js-budget-"));
  fs.writeFileSync(path.join(dir, "build-manifest.json"), JSON.stringify({ rootMainFiles }));
  for (const [file, bytes] of Object.entries(chunks)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    // Random bytes do not compress, so a chunk's gzip size is close to its length.
    fs.writeFileSync(path.join(dir, file), Buffer.from(Array.from({ length: bytes }, () => Math.floor(Math.random() * 256))));
  }
  const pageDir = path.join(dir, "server", "app", "w", "[wiki]", "[page]");
  fs.mkdirSync(pageDir, { recursive: true });
  const manifest = { "/w/[wiki]/[page]/page": { entryJSFiles: entries } };
  fs.writeFileSync(
    path.join(pageDir, "page_client-reference-manifest.js"),
    `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nObject.assign(globalThis.__RSC_MANIFEST, ${JSON.stringify(manifest)});`,
  );
  dirs.push(dir);
  return dir;
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("a page's JavaScript budget", () => {
  const entries = {
    "[project]/app/layout": ["static/chunks/layout.js"],
    "[project]/app/w/[wiki]/layout": ["static/chunks/layout.js", "static/chunks/wiki.js"],
    "[project]/app/w/[wiki]/[page]/page": ["static/chunks/wiki.js", "static/chunks/editor.js"],
    // Another page's chunks in the same manifest are not this page's.
    "[project]/app/not-found": ["static/chunks/not-found.js"],
  };
  const chunks = {
    "static/chunks/root.js": 10_000,
    "static/chunks/layout.js": 2_000,
    "static/chunks/wiki.js": 3_000,
    "static/chunks/editor.js": 40_000,
    "static/chunks/not-found.js": 50_000,
  };

  it("counts the root scripts and the chunks of the page and its layouts, each once, gzipped", () => {
    const dir = fakeBuild(chunks, entries, ["static/chunks/root.js"]);
    const scripts = routeScripts(dir, "/w/[wiki]/[page]");
    expect(scripts.files).toEqual(["static/chunks/editor.js", "static/chunks/layout.js", "static/chunks/root.js", "static/chunks/wiki.js"]);
    expect(scripts.gzipBytes).toBeGreaterThan(55_000);
    expect(scripts.gzipBytes).toBeLessThan(57_000);
  });

  it("fails a page over its budget and passes one within it", () => {
    const dir = fakeBuild(chunks, entries, ["static/chunks/root.js"]);
    const [tight, roomy] = checkBudgets(dir, [
      { route: "/w/[wiki]/[page]", maxKiB: 40, why: "test" },
      { route: "/w/[wiki]/[page]", maxKiB: 80, why: "test" },
    ]);
    expect(tight.over).toBe(true);
    expect(roomy.over).toBe(false);
  });

  it("finds the page's entries when the build names them from a parent folder (a worktree)", () => {
    const nested = Object.fromEntries(Object.entries(entries).map(([key, files]) => [key.replace("[project]/", "[project]/wt-a/"), files]));
    const dir = fakeBuild(chunks, nested, ["static/chunks/root.js"]);
    expect(routeScripts(dir, "/w/[wiki]/[page]").files).toEqual([
      "static/chunks/editor.js",
      "static/chunks/layout.js",
      "static/chunks/root.js",
      "static/chunks/wiki.js",
    ]);
  });

  it("says so when there is no build for a route, rather than counting nothing", () => {
    const dir = fakeBuild(chunks, entries, []);
    expect(() => routeScripts(dir, "/w/[wiki]/map")).toThrow(/no build output/);
  });
});
