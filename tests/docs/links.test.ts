import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { headingAnchors, linkTargets, readDoc, ROOT } from "./markdown";

/**
 * Every relative link in the README and the documents under docs/ (and bench/README.md, which
 * they point into) leads to a file that exists, and a `#fragment` to a heading in it.
 */

const DOCUMENTS = [
  "README.md",
  "bench/README.md",
  ...fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/**
 * Written by a generator from the endpoint declarations, not by hand. Until the generator has run
 * in this checkout the file may be absent, and links to it are accepted; once it exists, links to
 * it are checked like any other.
 */
const GENERATED = new Set(["docs/api.md"]);

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

type Broken = { in: string; link: string; problem: string };

function brokenLinks(document: string): Broken[] {
  const broken: Broken[] = [];
  for (const link of linkTargets(readDoc(document))) {
    if (isExternal(link)) continue;
    const [target, fragment] = link.split("#", 2);
    const file = target === "" ? document : path.posix.normalize(path.posix.join(path.posix.dirname(document), decodeURIComponent(target)));
    const absolute = path.join(ROOT, file);
    if (file.startsWith("..")) {
      broken.push({ in: document, link, problem: "points outside the repository" });
      continue;
    }
    if (!fs.existsSync(absolute)) {
      if (!GENERATED.has(file)) broken.push({ in: document, link, problem: "no such file" });
      continue;
    }
    if (fragment && file.endsWith(".md") && !headingAnchors(readDoc(file)).has(fragment)) {
      broken.push({ in: document, link, problem: `no heading #${fragment} in ${file}` });
    }
  }
  return broken;
}

describe("links in the documentation", () => {
  it("finds the documents and their links", () => {
    expect(DOCUMENTS).toEqual(
      expect.arrayContaining(["README.md", "docs/user-guide.md", "docs/architecture.md", "docs/guarantees.md", "docs/deployment.md"]),
    );
    expect(linkTargets(readDoc("README.md")).length).toBeGreaterThan(5);
  });

  it.each(DOCUMENTS)("%s: every relative link leads to an existing file and heading", (document) => {
    expect(brokenLinks(document)).toEqual([]);
  });

  it("links the README to the generated API reference", () => {
    expect(linkTargets(readDoc("README.md"))).toContain("docs/api.md");
  });
});
