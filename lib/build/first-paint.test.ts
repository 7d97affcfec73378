import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The strand page's first-paint script must not contain the editor (issue 17): the page shell
 * (components/editor/page-editor.tsx) loads it with import() after the first paint. ESLint refuses
 * value imports of the editor's packages in components; this follows every value import from the
 * shell, through any module, so a helper in lib/ that brings Tiptap along is caught too, with the
 * chain of imports that leads to it.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const EDITOR_PACKAGES = /^(@tiptap\/|prosemirror-|yjs$|y-|@hocuspocus\/)/;

/** What a file imports for its values: not `import type` (erased), not `import()` (a chunk of its own). */
function valueImports(file: string): string[] {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, kind);
  const typesOnly = (elements: readonly { isTypeOnly: boolean }[]) => elements.length > 0 && elements.every((e) => e.isTypeOnly);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      if (clause && !clause.name && named && ts.isNamedImports(named) && typesOnly(named.elements)) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      if (statement.isTypeOnly) continue;
      if (statement.exportClause && ts.isNamedExports(statement.exportClause) && typesOnly(statement.exportClause.elements)) continue;
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

/** Our own module's file, or null for a package. */
function resolveOwn(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? path.join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(ROOT, from)} imports ${specifier}, which does not resolve`);
}

/**
 * Every editor package and every module of `ownModules` (paths from the root) reachable from
 * `entry` by value imports, each with the chain of files that leads to it.
 */
function reachedFrom(entry: string, ownModules: string[] = []): string[] {
  const start = path.join(ROOT, entry);
  const watched = new Set(ownModules.map((m) => path.join(ROOT, m)));
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  const found: string[] = [];
  const chain = (file: string) => {
    const files: string[] = [];
    for (let f: string | null | undefined = file; f; f = parent.get(f)) files.unshift(path.relative(ROOT, f));
    return files.join(" → ");
  };
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const specifier of valueImports(file)) {
      if (EDITOR_PACKAGES.test(specifier)) {
        found.push(`${chain(file)} → ${specifier}`);
        continue;
      }
      const next = resolveOwn(file, specifier);
      if (!next || parent.has(next)) continue;
      parent.set(next, file);
      if (watched.has(next)) found.push(chain(next));
      queue.push(next);
    }
  }
  return found;
}

const editorPackagesReachedFrom = (entry: string) => reachedFrom(entry);

/** Dialogs a reader opens on demand, if at all: each is a chunk of its own, fetched when opened or when the browser is idle. */
const ON_DEMAND = [
  "components/search/search-palette.tsx",
  "components/links/cite-dialog.tsx",
  "components/citations/cite-source-button.tsx",
];

describe("the strand page's first paint", () => {
  it("loads no part of the editor: Tiptap, ProseMirror, Yjs and Hocuspocus come later, with import()", () => {
    expect(editorPackagesReachedFrom("components/editor/page-editor.tsx")).toEqual([]);
  });

  it("loads none of the dialogs opened on demand: the search palette, Cite and Cite source", () => {
    // The page shell and the header every wiki page has (its search button).
    expect(reachedFrom("components/editor/page-editor.tsx", ON_DEMAND)).toEqual([]);
    expect(reachedFrom("components/app-header.tsx", ON_DEMAND)).toEqual([]);
  });

  it("loads no footnote wording: the citation styles come with the live editor, which recomputes the notes", () => {
    expect(reachedFrom("components/editor/page-editor.tsx", ["lib/citations/styles/index.ts", "lib/citations/footnotes.ts"])).toEqual([]);
  });

  it("(the check itself) finds the editor where it is: in the live editor and the collab modules", () => {
    expect(editorPackagesReachedFrom("components/editor/live-editor.tsx").join("\n")).toMatch(/@tiptap\/react/);
    expect(editorPackagesReachedFrom("components/editor/collab.ts")).toEqual([
      "components/editor/collab.ts → @hocuspocus/provider",
      "components/editor/collab.ts → yjs",
    ]);
    expect(reachedFrom("components/links/cite-dialog.tsx", ["components/ui/form.tsx"])).toEqual([
      "components/links/cite-dialog.tsx → components/ui/form.tsx",
    ]);
  });
});
