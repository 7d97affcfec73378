import { describe, expect, it } from "vitest";
import { findPageContent } from "@/db/queries/page-content";
import { listAllSources } from "@/db/queries/sources";
import { insertUser } from "@/db/queries/users";
import type { Wiki } from "@/db/schema";
import { citationsInOrder } from "@/lib/citations/footnotes";
import { convertMarkdown } from "@/lib/import/markdown";
import { pageFootnotes } from "@/lib/sources/present";
import { withTemporaryDatabase } from "@/tests/helpers/temp-database";
import { createPage } from "./pages";
import { createWiki } from "./wikis";

// Pages made from Markdown, on a real (temporary) database: the API's `markdown` and an imported
// .md file go through one conversion, so footnotes come out the same either way.

let wiki: Wiki;

withTemporaryDatabase(async () => {
  await insertUser({ id: "owner", email: "owner@example.test", name: "Owner", passwordHash: null });
  wiki = await createWiki({ name: "Markdown pages", description: "" }, "owner");
});

const MARKDOWN =
  "# Knowledge\n\nA State must have known.[^1] So the Court held.[^2]\n\n[^1]: *Corfu Channel* (UK v Albania) [1949] ICJ Rep 4, 22.\n[^2]: Ibid 18.\n";

async function pageDoc(pageId: string) {
  return JSON.parse((await findPageContent(pageId))!.json);
}

describe("createPage from Markdown", () => {
  it("turns [^1] footnotes into citations of new sources, worded as the notes were (API and Import alike)", async () => {
    const before = (await listAllSources(wiki.id)).length;
    const viaApi = await createPage({ wikiId: wiki.id, title: "Via the API", markdown: MARKDOWN }, "owner");
    const viaImport = await createPage({ wikiId: wiki.id, title: "Via Import", imported: convertMarkdown(MARKDOWN) }, "owner");
    const sources = await listAllSources(wiki.id);
    expect(sources.length - before).toBe(4);
    expect(sources.filter((s) => s.kind === "other").map((s) => s.title)).toEqual(
      expect.arrayContaining(["Corfu Channel (UK v Albania) [1949] ICJ Rep 4, 22.", "Ibid 18."]),
    );
    for (const page of [viaApi, viaImport]) {
      const doc = await pageDoc(page.id);
      expect(citationsInOrder(doc)).toHaveLength(2);
      expect(JSON.stringify(doc)).not.toContain("[^");
      expect((await pageFootnotes(doc, wiki)).map((n) => n.text)).toEqual([
        "Corfu Channel (UK v Albania) [1949] ICJ Rep 4, 22.",
        "Ibid 18.",
      ]);
    }
  });

  it("leaves a leading # H1 out of the body when it is the page's title, and keeps it otherwise", async () => {
    const titled = await createPage({ wikiId: wiki.id, title: "Knowledge", markdown: MARKDOWN }, "owner");
    expect((await pageDoc(titled.id)).content[0].type).toBe("paragraph");
    const other = await createPage({ wikiId: wiki.id, title: "Something else", markdown: MARKDOWN }, "owner");
    expect((await pageDoc(other.id)).content[0]).toMatchObject({ type: "heading", attrs: { level: 1 } });
  });

  it("keeps [^…] without a definition, and Markdown without footnotes, as text with no new source", async () => {
    const before = (await listAllSources(wiki.id)).length;
    const page = await createPage({ wikiId: wiki.id, title: "Plain", markdown: "No note here.[^9]" }, "owner");
    expect(await listAllSources(wiki.id)).toHaveLength(before);
    expect(citationsInOrder(await pageDoc(page.id))).toEqual([]);
    expect((await findPageContent(page.id))!.text).toContain("No note here.[^9]");
  });
});
