/** Hocuspocus document names: `page.{pageId}`. The only kind of collaborative document so far. */
const PAGE_PREFIX = "page.";

export function pageDocumentName(pageId: string): string {
  return PAGE_PREFIX + pageId;
}

export function pageIdFromDocumentName(name: string): string | null {
  if (!name.startsWith(PAGE_PREFIX)) return null;
  const id = name.slice(PAGE_PREFIX.length);
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
}
