import type { Budget } from "./js-budget";

/**
 * JavaScript budgets per page, in gzipped KiB before the page is interactive, checked after every
 * `npm run build` (scripts/check-js-budget.ts). `maxKiB` is today's size with a little room, so a
 * change that adds script to a page fails the build and has to say why; `targetKiB` is where a
 * page should get to (issue 17). Raising a maximum is a decision: write down why beside it.
 */
export const JS_BUDGETS: Budget[] = [
  {
    route: "/w/[wiki]/[page]",
    maxKiB: 380,
    targetKiB: 200,
    why: "A strand: React DOM and Next (~140 KiB, Next's own 404 page carries the same), the editor (Tiptap, ProseMirror, Yjs: ~225 KiB). The target needs the editor loaded after first paint.",
  },
  {
    route: "/w/[wiki]/map",
    maxKiB: 215,
    why: "The argument map draws with @xyflow/react; ELK lays it out in a Web Worker, which is not counted here.",
  },
  { route: "/w/[wiki]/[page]/history", maxKiB: 150, why: "Versions and compare: server-rendered, little script of their own." },
  { route: "/", maxKiB: 145, why: "The home page: the wiki list and the create form." },
  { route: "/signin", maxKiB: 145, why: "Sign-in: the first page anyone sees." },
];
