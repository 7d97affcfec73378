import fs from "node:fs";
import path from "node:path";
import type { JSONContent } from "@tiptap/core";
import { findWikiBySlug } from "@/db/queries/wikis";
import { convertMarkdown } from "@/lib/import/markdown";
import { demoWiki, demoWikiPages, demoWikiRelations } from "@/lib/seed/demo-wiki";
import { demoSources } from "@/lib/seed/demo-wiki/sources";
import { createPage } from "./pages";
import { createSource } from "./sources";
import { addRelation, updateStrand, updateThesis } from "./strands";
import { createWiki } from "./wikis";

/**
 * A demo strand's Markdown as a document, its `[^cite:corfu, 22]` markers turned into citation
 * nodes of the seeded sources (key "corfu", pinpoint "22"). A key that names no source is a
 * mistake in the seed, so it throws.
 */
export function demoStrandDocument(markdown: string, sourceIds: Map<string, string>): JSONContent {
  return convertMarkdown(markdown, (key, pinpoint) => {
    const sourceId = sourceIds.get(key);
    if (!sourceId) throw new Error(`The demo wiki cites "${key}", which is not in lib/seed/demo-wiki/sources.ts`);
    return { sourceId, pinpoint };
  }).doc;
}

/** Seeds "Due diligence in cyberspace", owned by `ownerId`; does nothing if it already exists. */
export async function seedDemoWiki(ownerId: string): Promise<void> {
  if (await findWikiBySlug(demoWiki.slug)) return;
  const wiki = await createWiki({ name: demoWiki.name, description: demoWiki.description, slug: demoWiki.slug }, ownerId);
  // The registry first: the strands cite it.
  const sourceIds = new Map<string, string>();
  for (const { key, shortTitle, url, ...source } of demoSources) {
    const { source: saved } = await createSource(wiki.id, { ...source, shortTitle: shortTitle ?? "", url: url ?? "" }, ownerId);
    sourceIds.set(key, saved.id);
  }
  const idsBySlug = new Map<string, string>();
  const folder = path.join(process.cwd(), "lib", "seed", "demo-wiki");
  for (const entry of demoWikiPages) {
    const json = demoStrandDocument(fs.readFileSync(path.join(folder, entry.file), "utf8"), sourceIds);
    const parentId = entry.parentSlug ? idsBySlug.get(entry.parentSlug) : null;
    const page = await createPage({ wikiId: wiki.id, title: entry.title, parentId, json }, ownerId);
    idsBySlug.set(entry.slug, page.id);
    await updateStrand(page.id, entry.strand, ownerId);
  }
  await updateThesis(wiki.id, demoWiki.thesis, ownerId);
  for (const relation of demoWikiRelations) {
    await addRelation(
      { fromPageId: idsBySlug.get(relation.from)!, toPageId: idsBySlug.get(relation.to)!, kind: relation.kind, note: relation.note },
      ownerId,
    );
  }
}
