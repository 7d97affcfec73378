"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { PageTreeNode } from "@/lib/pages/tree";

/** The wiki's strands as a nested list; the page being viewed (or its history) is marked. Titles wrap: the whole title is what tells strands apart. */
export function PageTree({ nodes, wikiSlug }: { nodes: PageTreeNode[]; wikiSlug: string }) {
  const pathname = usePathname();
  const currentSlug = decodeURIComponent(pathname.split("/")[3] ?? "");
  return <TreeLevel nodes={nodes} wikiSlug={wikiSlug} currentSlug={currentSlug} />;
}

function TreeLevel({ nodes, wikiSlug, currentSlug }: { nodes: PageTreeNode[]; wikiSlug: string; currentSlug: string }) {
  if (nodes.length === 0) return null;
  return (
    <ul className="space-y-0.5">
      {nodes.map((node) => {
        const current = node.slug === currentSlug;
        return (
          <li key={node.id}>
            <Link
              href={`/w/${wikiSlug}/${node.slug}`}
              aria-current={current ? "page" : undefined}
              className={`block rounded px-2 py-1 text-sm break-words ${current ? "bg-orange-100 font-medium text-orange-950" : "text-stone-700 hover:bg-stone-100"}`}
              style={{ paddingLeft: `${0.5 + node.depth * 0.9}rem` }}
            >
              {node.title}
            </Link>
            <TreeLevel nodes={node.children} wikiSlug={wikiSlug} currentSlug={currentSlug} />
          </li>
        );
      })}
    </ul>
  );
}
