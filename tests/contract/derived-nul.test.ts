import { expect, it } from "vitest";
import { listLinksFrom, replacePageLinks } from "@/db/queries/links";
import { listCitingPlaces, replacePageCitations } from "@/db/queries/sources";
import { extractCitations } from "@/lib/citations/refresh";
import { extractLinks } from "@/lib/links/extract";
import { aPage, aUser, aWiki } from "./fixtures";
import { describeOnBothDialects } from "./harness";

// A collaborative document is written by clients over Yjs, not by a request that can be refused:
// its text and attributes may carry U+0000, which PostgreSQL's text cannot store.
const NUL = "\u0000";
const paragraph = (content: object[], blockId = `b${NUL}1`) => ({ type: "paragraph", attrs: { id: blockId }, content });

describeOnBothDialects("links and citations derived from a document that holds U+0000", () => {
  it("are stored without it, so the page's refresh does not fail on PostgreSQL", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const page = await aPage(wiki.id, "Hostile");
    const doc = {
      type: "doc",
      content: [
        paragraph([
          { type: "text", text: `See${NUL} ` },
          { type: "wikiLink", attrs: { pageId: `p${NUL}x`, title: `Due${NUL} diligence` } },
          { type: "text", text: ` as argued${NUL}.` },
          { type: "citation", attrs: { sourceId: `s${NUL}1`, pinpoint: `para${NUL} 22` } },
        ]),
      ],
    };
    const links = extractLinks(doc);
    const citations = extractCitations(doc);
    expect(JSON.stringify([links, citations])).not.toContain("\\u0000");

    await replacePageLinks(
      page.id,
      wiki.id,
      links.map((l) => ({ ordinal: l.ordinal, targetPageId: l.pageId, targetTitle: l.title, blockId: l.blockId, context: l.context })),
    );
    await replacePageCitations(page.id, wiki.id, citations);
    expect(await listLinksFrom(page.id)).toEqual([
      { ordinal: 0, targetPageId: "px", targetTitle: "Due diligence", blockId: "b1", context: "See Due diligence as argued." },
    ]);
    expect(await listCitingPlaces(["s1"])).toEqual([
      expect.objectContaining({ pageId: page.id, ordinal: 1, pinpoint: "para 22", blockId: "b1" }),
    ]);
  });
});
