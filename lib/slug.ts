/** A readable URL slug from a title: lower-case ASCII words joined by hyphens. */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
  return slug || "page";
}

/** The first of slug, slug-2, slug-3 … that `taken` says is free. */
export function uniqueSlug(base: string, taken: (slug: string) => boolean): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}`;
    if (!taken(candidate)) return candidate;
  }
}

/** As uniqueSlug, for a `taken` that asks the database (the async data layer). */
export async function uniqueSlugAsync(base: string, taken: (slug: string) => Promise<boolean>): Promise<string> {
  if (!(await taken(base))) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}`;
    if (!(await taken(candidate))) return candidate;
  }
}

/** Slugs that name wiki screens (/w/{wiki}/new, …) and so cannot name a page. */
export const RESERVED_PAGE_SLUGS = new Set(["new", "members", "trash", "settings", "api", "changes", "comments", "audit", "map"]);
