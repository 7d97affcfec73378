import { expect, it } from "vitest";
import { removeCommentEntry, removePageEntries, upsertCommentEntry, upsertPageEntry } from "@/db/queries/search";
import { pageContents, pages } from "@/db/schema";
import { search } from "@/lib/search/search";
import { aMember, aUser, aWiki } from "./fixtures";
import { describeOnBothDialects, insertRows } from "./harness";

/**
 * db/queries/search.ts on both dialects (FTS5 on SQLite, a tsvector index on PostgreSQL), through
 * lib/search/search.ts as the search route and page use it: the same entries, the same answers.
 */

let ids = 0;
const nextId = (prefix: string) => `${prefix}-q${++ids}`;

/** A page with its stored text, indexed as compaction indexes it. */
async function anIndexedPage(wikiId: string, title: string, text: string, deletedAt: Date | null = null) {
  const page = { id: nextId("page"), wikiId, title };
  await insertRows(pages, [{ ...page, slug: nextId("slug"), deletedAt }]);
  await insertRows(pageContents, [{ pageId: page.id, ydoc: Buffer.from([0, 0]), json: "{}", text }]);
  await upsertPageEntry(page, text);
  return page;
}

const NORMS_TEXT = [
  "The 2015 GGE report, UN Doc A/70/174, para 13(c), says States should not knowingly allow their territory",
  "to be used for internationally wrongful acts. The prohibition of the use of force in Art. 2(4) of the Charter",
  "is a different matter, as Müller argues.",
].join(" ");

/** A reader in one wiki and a stranger in another, with pages, a comment and a trashed page. */
async function aCorpus() {
  const owner = await aUser("Sam Search");
  const reader = await aUser("Rae Reader");
  const stranger = await aUser("Stan Stranger");
  const wiki = await aWiki(owner.id);
  await aMember(wiki.id, reader.id);
  const norms = await anIndexedPage(wiki.id, "Voluntary norms", NORMS_TEXT);
  const territory = await anIndexedPage(
    wiki.id,
    "Territory and control",
    "Nothing about the other thing. Due diligence is an obligation of conduct.",
  );
  await anIndexedPage(wiki.id, "Trashed territory page", "Territory in the trash.", new Date());
  const comment = {
    id: nextId("comment"),
    wikiId: wiki.id,
    pageId: norms.id,
    pageTitle: norms.title,
    body: "Check whether territory covers cloud infrastructure.",
  };
  await upsertCommentEntry(comment);
  const secret = await aWiki(stranger.id);
  await anIndexedPage(secret.id, "Confidential territory memo", "A/70/174 strategy, territory.");
  return { owner, reader, stranger, wiki, norms, territory, comment };
}

const plain = (html: string) => html.replace(/<\/?mark>/g, "");

describeOnBothDialects("db/queries/search", () => {
  it("puts title hits first, then body hits and comments, only from the reader's wikis and never from the trash", async () => {
    const { reader, norms, territory, comment } = await aCorpus();
    const results = await search(reader.id, "territory");
    expect(results[0]).toMatchObject({ kind: "page", id: territory.id, titleMatch: true });
    // Ranks differ between the dialects (bm25, ts_rank); which results, and in which group, do not.
    expect(
      results
        .slice(1)
        .map((r) => `${r.kind}:${r.id}:${r.titleMatch}`)
        .sort(),
    ).toEqual([`page:${norms.id}:false`, `comment:${comment.id}:false`].sort());
    expect(results[0].titleHtml).toBe("<mark>Territory</mark> and control");
    // A title hit's snippet is the page's opening words, with the query marked where it occurs.
    expect(results[0].snippetHtml).toBe("Nothing about the other thing. Due diligence is an obligation of conduct.");
    expect(results.find((r) => r.kind === "comment")).toMatchObject({ pageId: norms.id, titleHtml: "Voluntary norms" });
    expect(await search(reader.id, "Confidential")).toEqual([]);
  });

  it("finds legal references as written, phrases in order, and the last word as a prefix", async () => {
    const { reader, norms } = await aCorpus();
    for (const q of ["A/70/174", "13(c)", "Art. 2(4)", '"para 13(c)"', '"use of force"', "internation", "territ*", "muller"])
      expect(
        (await search(reader.id, q)).map((r) => r.id),
        q,
      ).toContain(norms.id);
    for (const q of ["Art. 2(5)", '"force use"', "A/70/175"]) expect(await search(reader.id, q), q).toEqual([]);
    const [hit] = await search(reader.id, "knowingly");
    expect(hit.snippetHtml).toContain("<mark>knowingly</mark>");
    expect(hit.matchText).toBe("knowingly");
    // Markup in what was typed is never markup in the answer.
    expect(await search(reader.id, "<b>((")).toEqual([]);
    expect(await search(reader.id, "")).toEqual([]);
  });

  it("filters by wiki and kind and keeps title hits first under a small limit", async () => {
    const { reader, stranger, wiki, territory, comment } = await aCorpus();
    expect((await search(reader.id, "territory", { kind: "comment" })).map((r) => r.id)).toEqual([comment.id]);
    expect((await search(reader.id, "territory", { kind: "page" })).every((r) => r.kind === "page")).toBe(true);
    expect((await search(reader.id, "territory", { wikiId: wiki.id })).every((r) => r.wikiId === wiki.id)).toBe(true);
    expect((await search(reader.id, "territory", { limit: 1 })).map((r) => r.id)).toEqual([territory.id]);
    // The stranger sees their own memo and nothing of the reader's wiki, even when naming it.
    expect((await search(stranger.id, "territory")).map((r) => plain(r.titleHtml))).toEqual(["Confidential territory memo"]);
    expect(await search(stranger.id, "territory", { wikiId: wiki.id })).toEqual([]);
  });

  it("follows a rename into the page's comments, and drops pages and comments taken out", async () => {
    const { reader, norms, comment } = await aCorpus();
    await upsertPageEntry({ ...norms, title: "Binding norms" }, NORMS_TEXT);
    expect((await search(reader.id, "binding")).map((r) => [r.kind, r.titleMatch, plain(r.titleHtml)])).toEqual([
      ["page", true, "Binding norms"],
      ["comment", false, "Binding norms"],
    ]);
    await removeCommentEntry(comment.id);
    expect(await search(reader.id, "cloud")).toEqual([]);
    await removePageEntries(norms.id);
    expect(await search(reader.id, "A/70/174")).toEqual([]);
  });
});
