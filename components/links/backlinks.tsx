import Link from "next/link";
import type { Backlink } from "@/db/queries/links";
import { pageUrl } from "@/lib/wikis/access";

/**
 * "Linked from": every page that links here, with the sentence around each link. How to make a
 * link is said only to those who may write one.
 */
export function Backlinks({ wikiSlug, backlinks, canLink }: { wikiSlug: string; backlinks: Backlink[]; canLink: boolean }) {
  return (
    <section aria-labelledby="backlinks-heading" className="mt-10 max-w-[46rem] border-t border-stone-200 pt-4" data-testid="backlinks">
      <h2 id="backlinks-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-stone-500">
        Linked from
      </h2>
      {backlinks.length === 0 ? (
        <p className="text-sm text-stone-500">No page links here yet.{canLink ? " Type [[ in another page to link to this one." : ""}</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {backlinks.map((link, i) => (
            <li key={`${link.pageId}-${i}`}>
              <Link
                href={pageUrl(wikiSlug, link.pageSlug) + (link.blockId ? `#block-${link.blockId}` : "")}
                className="font-medium text-[var(--color-accent)] underline"
              >
                {link.pageTitle}
              </Link>
              {link.context ? <p className="mt-0.5 text-stone-600">{link.context}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
