/**
 * What a wiki link needs to know about the wiki's pages: the current title and address of each.
 * Built from the page list (server) or from the list the server handed to the browser. Links store
 * a page id, so a rename changes how every link reads without touching the linking pages.
 */
export type DirectoryPage = { id: string; title: string; slug: string };

export type WikiLinkAttrs = { pageId: string | null; title: string };

export type WikiLinkTarget = { href: string; title: string; missing: boolean; pageId: string | null };

export type PageDirectory = {
  wikiSlug: string;
  pages: DirectoryPage[];
  resolve(attrs: WikiLinkAttrs): WikiLinkTarget;
  byTitle(title: string): DirectoryPage | undefined;
};

export function normaliseTitle(title: string): string {
  return title.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

export function createPageDirectory(wikiSlug: string, pages: DirectoryPage[]): PageDirectory {
  const byId = new Map(pages.map((p) => [p.id, p]));
  const titles = new Map<string, DirectoryPage>();
  for (const page of pages) if (!titles.has(normaliseTitle(page.title))) titles.set(normaliseTitle(page.title), page);
  const base = `/w/${encodeURIComponent(wikiSlug)}`;
  const byTitle = (title: string) => titles.get(normaliseTitle(title));
  return {
    wikiSlug,
    pages,
    byTitle,
    resolve({ pageId, title }) {
      // An id that is not in this wiki (deleted, trashed, or foreign) falls back to the written
      // title: a page created later under that title makes the link work again.
      const page = (pageId ? byId.get(pageId) : undefined) ?? byTitle(title);
      if (page) return { href: `${base}/${encodeURIComponent(page.slug)}`, title: page.title, missing: false, pageId: page.id };
      return { href: `${base}/new?title=${encodeURIComponent(title)}`, title, missing: true, pageId: null };
    },
  };
}

/** Without a directory (schema-only uses, tests) a link reads as written and goes nowhere. */
export const NO_DIRECTORY: PageDirectory = createPageDirectory("", []);
