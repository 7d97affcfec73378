import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderApiReference } from "./reference";

describe("docs/api.md", () => {
  it("is what `npm run docs:api` generates from the endpoint declarations (run it after changing an endpoint)", () => {
    const file = path.resolve(import.meta.dirname, "../../docs/api.md");
    const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    // One comparison, not a diff dump: the message says what to do.
    expect(committed === renderApiReference(), "docs/api.md is stale: run `npm run docs:api`").toBe(true);
  });

  it("names every endpoint with who may call it", () => {
    const reference = renderApiReference();
    expect(reference).toContain("### `GET /pages/{pageId}`");
    expect(reference).toMatch(/### `PUT \/wikis\/\{wikiId\}\/thesis`[\s\S]*?\*\*Who may call:\*\* `wiki\.edit-thesis`: owners/);
  });
});
