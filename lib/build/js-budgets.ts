import type { Budget } from "./js-budget";

/**
 * JavaScript budgets per page, in gzipped KiB before the page is interactive, checked after every
 * `npm run build` (scripts/check-js-budget.ts). `maxKiB` is today's size with a little room, so a
 * change that adds script to a page fails the build and has to say why; `targetKiB`, where given,
 * is where a page should get to. Raising a maximum is a decision: write down why beside it.
 */
export const JS_BUDGETS: Budget[] = [
  {
    route: "/w/[wiki]/[page]",
    maxKiB: 166,
    why: "A strand at first paint: React DOM and Next (~137 KiB, Next's own 404 page carries the same) and the page shell (~30 KiB: comments, footnotes, buttons). The editor (Tiptap, ProseMirror, Yjs, Hocuspocus: ~200 KiB) loads after first paint, in two chunks requested while the page hydrates (components/editor/page-editor.tsx); an ESLint rule keeps it out of the shell. The search palette, Cite and Cite source dialogs load on demand (lib/build/first-paint.test.ts). Issue 17's target was 200 KiB (it was 368.7 with the editor); 167.0 in session 12 (was 170.2, budget 180); 162.6 in session 15, once the footnotes' wording (citation styles) moved to the editor's time (budget 170).",
  },
  {
    route: "/w/[wiki]/map",
    maxKiB: 208,
    why: "The argument map draws with @xyflow/react; ELK lays it out in a Web Worker, which is not counted here. 204.2 in session 12 (the search palette loads on demand).",
  },
  {
    route: "/w/[wiki]/[page]/history",
    maxKiB: 144,
    why: "Versions and compare: server-rendered, little script of their own (140.2 in session 12).",
  },
  { route: "/", maxKiB: 145, why: "The home page: the wiki list and the create form." },
  { route: "/signin", maxKiB: 145, why: "Sign-in: the first page anyone sees." },
];
