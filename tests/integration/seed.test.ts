import { beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/db/migrate";
import { listPages } from "@/db/queries/pages";
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
});
