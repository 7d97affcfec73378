import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * The version of `name` as Node resolves it from `from` (a package already resolved, e.g. "yjs" for
 * the lib0 that Yjs itself loads; default: the project). Packages are found from the project root
 * (the working directory, as Next's `dir` and `npm start` assume) rather than from this file, so
 * the answer is the same in the custom server, in Next's route bundles and under vitest. The
 * package's own entry point is resolved and its package.json found above it: not every package
 * exports "./package.json" (@hocuspocus/server does not).
 */
export function installedVersion(name: string, from?: string): string {
  // Not named `require`: bundlers rewrite calls on that name at build time.
  let resolver = createRequire(path.join(process.cwd(), "package.json"));
  if (from) resolver = createRequire(resolver.resolve(from));
  const entry = resolver.resolve(name);
  let dir = path.dirname(entry);
  for (;;) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (manifest.name === name && manifest.version) return manifest.version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package.json of ${name} above ${entry}`);
    dir = parent;
  }
}

/**
 * Refuses to patch a library whose installed version is not the one the patch was written for: a
 * patch on private members can silently stop working, or break, on any upgrade. The message says
 * what to do instead of only what went wrong.
 */
export function assertInstalledVersion(name: string, expected: string, patchModule: string, from?: string): void {
  const installed = installedVersion(name, from);
  if (installed === expected) return;
  throw new Error(
    `${patchModule} patches ${name} ${expected}, but ${name} ${installed} is installed. Check each patch in ${patchModule} ` +
      `against ${installed} (its contract test, ${patchModule.replace(/\.ts$/, ".test.ts")}, shows what each relies on), ` +
      "then update the version it expects, or delete the patch if the new version makes it unnecessary.",
  );
}

/** Throws unless `owner[member]` is a function: a patch must not replace or call what is not there. */
export function assertFunction(owner: object, member: string, description: string): void {
  if (typeof (owner as Record<string, unknown>)[member] !== "function") {
    throw new Error(`cannot patch ${description}: it is no longer a function in the installed version`);
  }
}
