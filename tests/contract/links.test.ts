import { expect, it } from "vitest";
import { transaction } from "@/db/executor";
import { listBacklinks, listLinksFrom, replacePageLinks, type LinkRow } from "@/db/queries/links";
import { aPage, aUser, aWiki } from "./fixtures";
import { describeOnBothDialects } from "./harness";

const link = (ordinal: number, target: { id?: string | null; title: string }, context = ""): LinkRow => ({
  ordinal,
  targetPageId: target.id ?? null,
  targetTitle: target.title,
  blockId: `b${ordinal}`,
  context,
});

describeOnBothDialects("db/queries/links", () => {
  it("replaces a page's links with the new set, in document order", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const from = await aPage(wiki.id, "From");
    const to = await aPage(wiki.id, "To");
    await replacePageLinks(from.id, wiki.id, [link(2, { title: "Later" }), link(1, to, "See To.")]);
    expect(await listLinksFrom(from.id)).toEqual([link(1, to, "See To."), link(2, { title: "Later" })]);
    await replacePageLinks(from.id, wiki.id, [link(1, { title: "Only" })]);
    expect(await listLinksFrom(from.id)).toEqual([link(1, { title: "Only" })]);
    await replacePageLinks(from.id, wiki.id, []);
    expect(await listLinksFrom(from.id)).toEqual([]);
  });

  it("lists backlinks by id, or by title (ASCII case ignored) for links not yet resolved, from live pages of the wiki", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const other = await aWiki(owner.id);
    const target = await aPage(wiki.id, "Due Diligence");
    const byId = await aPage(wiki.id, "beta");
    const byTitle = await aPage(wiki.id, "Alpha");
    const trashed = await aPage(wiki.id, "Aardvark", new Date());
    const elsewhere = await aPage(other.id, "Elsewhere");
    await replacePageLinks(byId.id, wiki.id, [link(1, target, "First."), link(2, { title: "Nothing" }), link(3, target, "Third.")]);
    await replacePageLinks(byTitle.id, wiki.id, [link(1, { title: "due diligence" }, "By title.")]);
    await replacePageLinks(trashed.id, wiki.id, [link(1, target)]);
    await replacePageLinks(elsewhere.id, other.id, [link(1, { title: "Due Diligence" })]);
    // A page linking to itself is not its own backlink.
    await replacePageLinks(target.id, wiki.id, [link(1, target)]);
    expect(await listBacklinks({ id: target.id, wikiId: wiki.id, title: target.title })).toEqual([
      { pageId: byTitle.id, pageTitle: "Alpha", pageSlug: byTitle.slug, blockId: "b1", context: "By title." },
      { pageId: byId.id, pageTitle: "beta", pageSlug: byId.slug, blockId: "b1", context: "First." },
      { pageId: byId.id, pageTitle: "beta", pageSlug: byId.slug, blockId: "b3", context: "Third." },
    ]);

    // Letters beyond ASCII are compared as they are, as SQLite's NOCASE does.
    const cafe = await aPage(wiki.id, "Café");
    const folded = await aPage(wiki.id, "Folded");
    const unfolded = await aPage(wiki.id, "Unfolded");
    await replacePageLinks(folded.id, wiki.id, [link(1, { title: "cAFé" })]);
    await replacePageLinks(unfolded.id, wiki.id, [link(1, { title: "CAFÉ" })]);
    expect((await listBacklinks({ id: cafe.id, wikiId: wiki.id, title: cafe.title })).map((b) => b.pageTitle)).toEqual(["Folded"]);
  });

  it("keeps the old links when a replacement fails, and writes nothing of a transaction that throws", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const from = await aPage(wiki.id);
    await replacePageLinks(from.id, wiki.id, [link(1, { title: "Kept" })]);
    // The same ordinal twice breaks the primary key halfway through the insert.
    await expect(replacePageLinks(from.id, wiki.id, [link(1, { title: "A" }), link(1, { title: "B" })])).rejects.toThrow();
    expect(await listLinksFrom(from.id)).toEqual([link(1, { title: "Kept" })]);
    await expect(
      transaction(async () => {
        await replacePageLinks(from.id, wiki.id, []);
        throw new Error("abandoned");
      }),
    ).rejects.toThrow("abandoned");
    expect(await listLinksFrom(from.id)).toEqual([link(1, { title: "Kept" })]);
  });
});
