import { beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/db/migrate";
import { listPages } from "@/db/queries/pages";
import { listRelationsOfPage, listStrandEdges, listStrandNodes } from "@/db/queries/strands";
import { findWikiBySlug, listMembers } from "@/db/queries/wikis";
import { seedDemoWiki } from "@/lib/commands/seed-demo";
import { createUser } from "@/lib/commands/users";
import { renderDocumentHTML } from "@/lib/editor/render-html";
import { readPageContent } from "@/lib/pages/content";
import { useDataDir } from "../helpers/fixtures";
import { makeDataDir } from "../helpers/server";

describe("demo wiki seed", () => {
  let ownerId: string;
  beforeAll(async () => {
    useDataDir(makeDataDir());
    migrateDatabase();
    ownerId = (await createUser({ email: "first@example.test", name: "First Owner", password: "long enough password" })).id;
    seedDemoWiki(ownerId);
    seedDemoWiki(ownerId); // idempotent
  });

  it("creates 'Due diligence in cyberspace' owned by the first account", () => {
    const wiki = findWikiBySlug("due-diligence-cyberspace");
    expect(wiki?.name).toBe("Due diligence in cyberspace");
    expect(listMembers(wiki!.id)).toEqual([expect.objectContaining({ userId: ownerId, role: "owner" })]);
  });

  it("has at least six strands, each with headings, a claim, authorities and open questions", () => {
    const wiki = findWikiBySlug("due-diligence-cyberspace")!;
    const pages = listPages(wiki.id);
    expect(pages.length).toBeGreaterThanOrEqual(6);
    expect(pages.some((p) => p.parentId)).toBe(true);
    for (const page of pages) {
      const { json, text } = readPageContent(page.id);
      const html = renderDocumentHTML(json);
      expect(html).toMatch(/<h2[ >]/);
      expect(text).toContain("Claim");
      expect(text).toContain("Open questions");
    }
    const all = pages.map((p) => readPageContent(p.id).text).join("\n");
    expect(all).toContain("A/70/174");
    expect(all).toMatch(/Corfu Channel/);
  });

  it("gives every strand a claim, a stance and a status, the wiki a thesis, and the strands relations", () => {
    const wiki = findWikiBySlug("due-diligence-cyberspace")!;
    expect(wiki.thesis).toMatch(/lex ferenda/);
    const nodes = listStrandNodes(wiki.id);
    for (const node of nodes) {
      expect(node.claim?.length, node.title).toBeGreaterThan(20);
      expect(node.claim!.length, node.title).toBeLessThanOrEqual(300);
      expect(node.stance, node.title).not.toBeNull();
    }
    expect(new Set(nodes.map((n) => n.status))).toEqual(new Set(["draft", "in_review", "settled"]));
    expect(new Set(nodes.map((n) => n.stance))).toEqual(new Set(["supports", "challenges", "qualifies", "context"]));
    const edges = listStrandEdges(wiki.id);
    expect(edges.length).toBeGreaterThanOrEqual(10);
    expect(new Set(edges.map((e) => e.kind))).toEqual(new Set(["supports", "rebuts", "qualifies", "relies_on"]));
    // The second seeding run added no duplicates, and every strand takes part in the argument.
    for (const node of nodes) expect(listRelationsOfPage(node.pageId).length, node.title).toBeGreaterThan(0);
    const titleOf = (id: string) => nodes.find((n) => n.pageId === id)!.title;
    expect(edges.map((e) => `${titleOf(e.fromPageId)} ${e.kind} ${titleOf(e.toPageId)}`)).toContain("Custom: not enough practice and opinio juris qualifies Due diligence lives in primary rules");
  });
});

