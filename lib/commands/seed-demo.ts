import fs from "node:fs";
import path from "node:path";
import { findWikiBySlug } from "@/db/queries/wikis";
import { demoWiki, demoWikiPages, demoWikiRelations } from "@/lib/seed/demo-wiki";
import { createPage } from "./pages";
import { addRelation, updateStrand, updateThesis } from "./strands";
import { createWiki } from "./wikis";

/** Seeds "Due diligence in cyberspace", owned by `ownerId`; does nothing if it already exists. */
export function seedDemoWiki(ownerId: string): void {
  if (findWikiBySlug(demoWiki.slug)) return;
  const wiki = createWiki({ name: demoWiki.name, description: demoWiki.description, slug: demoWiki.slug }, ownerId);
  const idsBySlug = new Map<string, string>();
  const folder = path.join(process.cwd(), "lib", "seed", "demo-wiki");
  for (const entry of demoWikiPages) {
    const markdown = fs.readFileSync(path.join(folder, entry.file), "utf8");
    const parentId = entry.parentSlug ? idsBySlug.get(entry.parentSlug) : null;
    const page = createPage({ wikiId: wiki.id, title: entry.title, parentId, markdown }, ownerId);
    idsBySlug.set(entry.slug, page.id);
    updateStrand(page.id, entry.strand, ownerId);
  }
  updateThesis(wiki.id, demoWiki.thesis, ownerId);
  for (const relation of demoWikiRelations) {
    addRelation({ fromPageId: idsBySlug.get(relation.from)!, toPageId: idsBySlug.get(relation.to)!, kind: relation.kind, note: relation.note }, ownerId);
  }
}
