import Link from "next/link";
import type { PageTreeNode } from "@/lib/pages/tree";

/** The wiki's strands as a nested list; the current page is marked. */
export function PageTree({ nodes, wikiSlug, currentPageId }: { nodes: PageTreeNode[]; wikiSlug: string; currentPageId?: string }) {
  if (nodes.length === 0) return null;
  return (
    <ul className="space-y-0.5">
      {nodes.map((node) => (
        <li key={node.id}>
          <Link
            href={`/w/${wikiSlug}/${node.slug}`}
            title={node.title}
            aria-current={node.id === currentPageId ? "page" : undefined}
            className={`block truncate rounded px-2 py-1 text-sm ${node.id === currentPageId ? "bg-orange-100 font-medium text-orange-950" : "text-stone-700 hover:bg-stone-100"}`}
            style={{ paddingLeft: `${0.5 + node.depth * 0.9}rem` }}
          >
            {node.title}
          </Link>
          <PageTree nodes={node.children} wikiSlug={wikiSlug} currentPageId={currentPageId} />
        </li>
      ))}
    </ul>
  );
}
