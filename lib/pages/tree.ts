import type { PageSummary } from "@/db/queries/pages";

export type PageTreeNode = PageSummary & { children: PageTreeNode[]; depth: number };

/** Nests a flat, position-ordered page list; pages whose parent is gone become top-level. */
export function buildPageTree(pages: PageSummary[]): PageTreeNode[] {
  const nodes = new Map(pages.map((p) => [p.id, { ...p, children: [] as PageTreeNode[], depth: 0 }]));
  const roots: PageTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const setDepth = (list: PageTreeNode[], depth: number) => {
    for (const n of list) {
      n.depth = depth;
      setDepth(n.children, depth + 1);
    }
  };
  setDepth(roots, 0);
  return roots;
}

/** Depth-first order, as the tree shows it. */
export function flattenTree(roots: PageTreeNode[]): PageTreeNode[] {
  const out: PageTreeNode[] = [];
  const walk = (list: PageTreeNode[]) => list.forEach((n) => (out.push(n), walk(n.children)));
  walk(roots);
  return out;
}
