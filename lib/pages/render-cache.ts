import type { JSONContent } from "@tiptap/core";
import { pageContentVersion } from "@/db/queries/page-content";
import type { PageSummary } from "@/db/queries/pages";
import { listAllSources, sourcesStamp } from "@/db/queries/sources";
import type { Wiki } from "@/db/schema";
import { computeFootnotes, type Footnote } from "@/lib/citations/footnotes";
import { renderDocumentHTML } from "@/lib/editor/render-html";
import { createPageDirectory, type DirectoryPage, type PageDirectory } from "@/lib/links/directory";
import { LruCache } from "@/lib/lru";
import { sourceBookOf, type SourceBook } from "@/lib/sources/present";
import { lookupIn, type SourceLookup } from "@/lib/sources/registry";
import { readPageContent } from "./content";
import { buildPageTree, flattenTree, type PageTreeNode } from "./tree";

/**
 * The parts of a page view that are the same for every member, kept between views: the rendered
 * document, its footnotes, the wiki's source book, page directory and tree. A profile of the
 * render benchmark showed each view parsing the page's JSON, hashing and rendering it, wording
 * its footnotes and rebuilding the tree, although these change only when someone edits.
 *
 * Each entry is stored with the key it was built under, made of versions read from the database
 * on every view, before the data they describe (so a change in between gives a newer key, never
 * an older one):
 * - the page's content version (compaction seq, compaction time, last logged update);
 * - the wiki's page list itself (id, parent, title, slug, position, change time): renames, moves,
 *   new and trashed pages;
 * - the wiki's sources stamp (count and sum of change times, which only grow) and its citation
 *   style.
 * An entry whose key no longer matches is rebuilt, so there is nothing to invalidate by hand, and
 * every instance of a multi-instance deployment reads the same versions: each keeps its own copy
 * and none can serve a stale one. Personal parts (role, comments, presence) are never kept here.
 */

type Keyed<T> = { key: string; value: T };

/** Gets `build()`'s value from `cache` while `key` holds, else builds and keeps it. */
function reuse<T>(cache: LruCache<string, Keyed<T>>, id: string, key: string, build: () => T): T {
  const hit = cache.get(id);
  if (hit?.key === key) return hit.value;
  const value = build();
  cache.set(id, { key, value });
  return value;
}

export type WikiDirectory = {
  /** Changes with any page's id, parent, title, slug, position or change time. */
  key: string;
  pages: DirectoryPage[];
  directory: PageDirectory;
  tree: PageTreeNode[];
  /** The tree depth-first, as the move dialog lists parents. */
  flat: PageTreeNode[];
};

const directories = new LruCache<string, Keyed<WikiDirectory>>(64);

/** The wiki's directory and tree for its live pages `pages` (listPagesForRender). */
export function wikiDirectory(wiki: Pick<Wiki, "id" | "slug">, pages: PageSummary[]): WikiDirectory {
  let key = wiki.slug;
  for (const p of pages)
    key += `\u0000${p.id}\u0001${p.parentId ?? ""}\u0001${p.title}\u0001${p.slug}\u0001${p.position}\u0001${p.updatedAt.getTime()}`;
  return reuse(directories, wiki.id, key, () => {
    const directoryPages = pages.map(({ id, title, slug }) => ({ id, title, slug }));
    const tree = buildPageTree(pages);
    return { key, pages: directoryPages, directory: createPageDirectory(wiki.slug, directoryPages), tree, flat: flattenTree(tree) };
  });
}

export type WikiSources = { book: SourceBook; lookup: SourceLookup; key: string };

const books = new LruCache<string, Keyed<WikiSources>>(64);

/**
 * The wiki's sources as the browser words footnotes from them (the book) and as the server does
 * (the lookup), and the key they hold under.
 */
export async function wikiSourceBook(wiki: Pick<Wiki, "id" | "citationStyle">): Promise<WikiSources> {
  const key = `${await sourcesStamp(wiki.id)}:${wiki.citationStyle}`;
  const hit = books.get(wiki.id);
  if (hit?.key === key) return hit.value;
  const all = await listAllSources(wiki.id);
  const value = { book: sourceBookOf(all, wiki), lookup: lookupIn(all), key };
  books.set(wiki.id, { key, value });
  return value;
}

export type RenderedPage = { html: string; footnotes: Footnote[] };

const renderedPages = new LruCache<string, Keyed<RenderedPage>>(128);

/**
 * The page's server HTML and footnotes as every member sees them now, with the content version
 * they were looked up under (for the other parts of the view keyed on it: lib/pages/initial-state.ts).
 */
export async function renderedPage(
  pageId: string,
  wiki: Pick<Wiki, "id" | "citationStyle">,
  directory: WikiDirectory,
  sources: Pick<WikiSources, "key" | "lookup">,
): Promise<RenderedPage & { contentVersion: string | null }> {
  const build = (json: JSONContent) => ({
    html: renderDocumentHTML(json, directory.directory),
    footnotes: computeFootnotes(json, sources.lookup, wiki.citationStyle),
  });
  const version = await pageContentVersion(pageId);
  // A page without stored content has nothing to reuse (and no version to key it by).
  if (!version) return { ...build((await readPageContent(pageId)).json), contentVersion: null };
  const key = `${version}\u0000${directory.key}\u0000${sources.key}`;
  const hit = renderedPages.get(pageId);
  if (hit?.key === key) return { ...hit.value, contentVersion: version };
  // Read after the version, so what is kept under it is never older than it says.
  const value = build((await readPageContent(pageId)).json);
  renderedPages.set(pageId, { key, value });
  return { ...value, contentVersion: version };
}
