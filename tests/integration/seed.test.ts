import { describe, expect, it } from "vitest";
import { listPages } from "@/db/queries/pages";
import { listAllSources, listCitingPlaces } from "@/db/queries/sources";
import { listRelationsOfPage, listStrandEdges, listStrandNodes } from "@/db/queries/strands";
import { findWikiBySlug, listMembers } from "@/db/queries/wikis";
import { citationsInOrder } from "@/lib/citations/footnotes";
import { demoStrandDocument, seedDemoWiki } from "@/lib/commands/seed-demo";
import { createUser } from "@/lib/commands/users";
import { renderDocumentHTML } from "@/lib/editor/render-html";
import { readPageContent } from "@/lib/pages/content";
import { demoSources } from "@/lib/seed/demo-wiki/sources";
import { pageFootnotes } from "@/lib/sources/present";
import { withTemporaryDatabase } from "../helpers/temp-database";

describe("demo wiki seed", () => {
  let ownerId: string;
  withTemporaryDatabase(async () => {
    ownerId = (await createUser({ email: "first@example.test", name: "First Owner", password: "long enough password" })).id;
    await seedDemoWiki(ownerId);
    await seedDemoWiki(ownerId); // idempotent
  });

  it("creates 'Due diligence in cyberspace' owned by the first account", async () => {
    const wiki = await findWikiBySlug("due-diligence-cyberspace");
    expect(wiki?.name).toBe("Due diligence in cyberspace");
    expect(await listMembers(wiki!.id)).toEqual([expect.objectContaining({ userId: ownerId, role: "owner" })]);
  });

  it("has at least six strands, each with headings, a claim, authorities and open questions", async () => {
    const wiki = (await findWikiBySlug("due-diligence-cyberspace"))!;
    const pages = await listPages(wiki.id);
    expect(pages.length).toBeGreaterThanOrEqual(6);
    expect(pages.some((p) => p.parentId)).toBe(true);
    for (const page of pages) {
      const { json, text } = await readPageContent(page.id);
      const html = renderDocumentHTML(json);
      expect(html).toMatch(/<h2[ >]/);
      expect(text).toContain("Claim");
      expect(text).toContain("Open questions");
    }
    const all = (await Promise.all(pages.map((p) => readPageContent(p.id)))).map((content) => content.text).join("\n");
    expect(all).toContain("A/70/174");
    expect(all).toMatch(/Corfu Channel/);
  });

  it("gives every strand a claim, a stance and a status, the wiki a thesis, and the strands relations", async () => {
    const wiki = (await findWikiBySlug("due-diligence-cyberspace"))!;
    expect(wiki.thesis).toMatch(/lex ferenda/);
    const nodes = await listStrandNodes(wiki.id);
    for (const node of nodes) {
      expect(node.claim?.length, node.title).toBeGreaterThan(20);
      expect(node.claim!.length, node.title).toBeLessThanOrEqual(300);
      expect(node.stance, node.title).not.toBeNull();
    }
    expect(new Set(nodes.map((n) => n.status))).toEqual(new Set(["draft", "in_review", "settled"]));
    expect(new Set(nodes.map((n) => n.stance))).toEqual(new Set(["supports", "challenges", "qualifies", "context"]));
    const edges = await listStrandEdges(wiki.id);
    expect(edges.length).toBeGreaterThanOrEqual(10);
    expect(new Set(edges.map((e) => e.kind))).toEqual(new Set(["supports", "rebuts", "qualifies", "relies_on"]));
    // The second seeding run added no duplicates, and every strand takes part in the argument.
    for (const node of nodes) expect((await listRelationsOfPage(node.pageId)).length, node.title).toBeGreaterThan(0);
    const titleOf = (id: string) => nodes.find((n) => n.pageId === id)!.title;
    expect(edges.map((e) => `${titleOf(e.fromPageId)} ${e.kind} ${titleOf(e.toPageId)}`)).toContain(
      "Custom: not enough practice and opinio juris qualifies Due diligence lives in primary rules",
    );
  });

  it("seeds the sources registry once, every source cited somewhere, and numbered footnotes on every strand", async () => {
    const wiki = (await findWikiBySlug("due-diligence-cyberspace"))!;
    const sources = await listAllSources(wiki.id);
    // Seeded twice above: still one row per registry entry.
    expect(sources.map((s) => s.title).sort()).toEqual(demoSources.map((s) => s.title).sort());
    expect(sources.length).toBeGreaterThanOrEqual(12);
    expect(new Set(sources.map((s) => s.kind))).toEqual(new Set(["treaty", "un_document", "judgment", "scholarship", "state_position"]));
    const ids = new Set(sources.map((s) => s.id));

    for (const page of await listPages(wiki.id)) {
      const { json, text } = await readPageContent(page.id);
      const citations = citationsInOrder(json);
      expect(citations.length, page.title).toBeGreaterThanOrEqual(3);
      for (const c of citations) expect(ids.has(c.sourceId!), `${page.title}: ${c.sourceId}`).toBe(true);
      // The markers became footnotes: no "[^cite:" left in the text, none unresolved.
      expect(text, page.title).not.toContain("[^cite:");
      const notes = await pageFootnotes(json, wiki);
      expect(notes.map((n) => n.number)).toEqual(citations.map((_, i) => i + 1));
      expect(
        notes.filter((n) => n.text === "Source not found."),
        page.title,
      ).toEqual([]);
    }
    // Every source's page has somewhere to send the reader.
    for (const source of sources) expect((await listCitingPlaces([source.id])).length, source.title).toBeGreaterThan(0);
  });

  it("words the demo footnotes in OSCOLA: full form, ibid, then the short form with a cross-reference", async () => {
    const wiki = (await findWikiBySlug("due-diligence-cyberspace"))!;
    const page = (await listPages(wiki.id)).find((p) => p.title === "The UN consensus: a voluntary norm")!;
    const notes = (await pageFootnotes((await readPageContent(page.id)).json, wiki)).map((n) => n.text);
    expect(notes[0]).toBe(
      "UNGA 'Report of the Group of Governmental Experts on Developments in the Field of Information and Telecommunications in the Context of International Security' (24 June 2013) UN Doc A/68/98, para 23.",
    );
    expect(notes[2]).toBe("ibid para 13(c).");
    expect(notes).toContain("2013 GGE Report (n 1) para 23.");
    const cited = await listCitingPlaces([(await listAllSources(wiki.id)).find((s) => s.shortTitle === "Corfu Channel")!.id]);
    expect(cited.map((c) => c.pinpoint)).toContain("18");
    expect(cited.find((c) => c.pinpoint === "18")?.context).toMatch(/refused to infer knowledge/);
  });

  it("refuses a demo strand that cites a key the registry lacks", () => {
    expect(() => demoStrandDocument("Text.[^cite:no-such-source, 1]", new Map())).toThrow(/no-such-source/);
    const doc = demoStrandDocument("Known.[^cite:corfu, para 22] Plain [^1] stays.", new Map([["corfu", "source-1"]]));
    expect(citationsInOrder(doc)).toEqual([{ sourceId: "source-1", pinpoint: "para 22" }]);
  });
});
