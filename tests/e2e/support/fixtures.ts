import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from "@playwright/test";
import { demoWiki, demoWikiPages } from "@/lib/seed/demo-wiki";
import { callApi } from "../../helpers/server";
import type { E2EServerState } from "./server-state";

export { expect };

/**
 * Playwright's test. There is no shared server: every spec starts its own on a fresh data
 * directory (ownServer in own-server.ts), so no spec depends on another's state or on the order
 * they run in. Specs open their pages through ownServer's `open` and `signIn`, which point them at
 * that server; the `page` fixture has no baseURL.
 */
export const test = base.extend({
  // Every test's page must get through without an uncaught script error.
  page: async ({ page }, provide) => {
    const errors = collectPageErrors(page);
    await provide(page);
    expect(errors, "uncaught errors in the page").toEqual([]);
  },
});

/**
 * Uncaught exceptions thrown in `page` from now on, and anything the Content-Security-Policy
 * blocked (Chromium reports it on the console): both are checked at the end of a test, so every
 * spec also proves the policy leaves the app's own scripts alone.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) errors.push(`${page.url()}: ${message.text()}`);
  });
  return errors;
}

export type Credentials = { name: string; email: string; password: string };

export const DEMO_WIKI = demoWiki;
export const FIRST_STRAND_TITLE = demoWikiPages[0].title;
/** Section headings of the first strand's Markdown (lib/seed/demo-wiki/thesis-lex-ferenda.md). */
export const FIRST_STRAND_HEADINGS = ["Claim", "What the thesis says, and what it does not", "Structure of the argument"];

/** Signs in through the real form and waits for the home page (or `expectPath`). */
export async function signIn(page: Page, user: Pick<Credentials, "email" | "password">, expectPath: string | RegExp = "/"): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => (typeof expectPath === "string" ? url.pathname === expectPath : expectPath.test(url.pathname)));
}

/** A fresh browser context (own cookies) signed in as `user`, on the home page. */
export async function signedInContext(
  browser: Browser,
  server: E2EServerState,
  user: Credentials,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ ...options, baseURL: server.url });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await signIn(page, user);
  return { context, page, errors };
}

/** Opens the demo wiki, whose front door redirects to its first strand. */
export async function openFirstStrand(page: Page): Promise<void> {
  await page.goto(`/w/${DEMO_WIKI.slug}`);
  await page.waitForURL((url) => url.pathname.startsWith(`/w/${DEMO_WIKI.slug}/`));
  await expect(page.getByTestId("page-title")).toHaveText(FIRST_STRAND_TITLE);
}

/** The live Tiptap editor (the ProseMirror element carries data-testid="editor"). */
export function editor(page: Page): Locator {
  return page.getByTestId("editor");
}

/** Waits until the live editor has replaced the server HTML and the connection reports "saved". */
export async function waitForLiveEditor(page: Page): Promise<Locator> {
  const live = editor(page);
  await expect(live).toBeVisible();
  await expect(page.getByTestId("server-rendered")).toHaveCount(0);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
  return live;
}

/**
 * Puts the caret at the very end of the document and types `text` as a paragraph of its own: into
 * the last block when that is an empty paragraph (the editor keeps one after a trailing list),
 * otherwise into a new paragraph.
 */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  const live = editor(page);
  // Focusing (rather than clicking) cannot land on a link and navigate away.
  await live.focus();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("End");
  const last = live.locator(":scope > *").last();
  const lastIsEmptyParagraph = await last.evaluate((el) => el.tagName === "P" && (el.textContent ?? "") === "");
  if (!lastIsEmptyParagraph) await page.keyboard.press("Enter");
  await page.keyboard.type(text);
}

/**
 * Sets the browser's selection inside the live editor to characters [from, to) of the first
 * occurrence of `text` (to = from puts the caret there), as a drag would. The text may span several
 * DOM text nodes (a comment highlight or a mark splits them); other people's caret labels are
 * skipped. ProseMirror picks the selection up from the selectionchange event, in an editable and in
 * a read-only editor alike.
 */
export async function selectInEditor(page: Page, text: string, from = 0, to = text.length): Promise<void> {
  await editor(page).evaluate(
    (root, { text, from, to }) => {
      const nodes: Text[] = [];
      const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) =>
          node.parentElement?.closest(".collaboration-carets__caret") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
      });
      for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
      const full = nodes.map((node) => node.data).join("");
      const at = full.indexOf(text);
      if (at < 0) throw new Error(`"${text}" is not in the editor`);
      // A start at a node boundary belongs to the next node (else it would begin in the previous paragraph), an end to the previous one.
      const locate = (offset: number, isStart: boolean): [Text, number] => {
        let passed = 0;
        for (const node of nodes) {
          if (isStart ? offset < passed + node.data.length : offset <= passed + node.data.length) return [node, offset - passed];
          passed += node.data.length;
        }
        throw new Error(`offset ${offset} is past the editor's text`);
      };
      if ((root as HTMLElement).isContentEditable) (root as HTMLElement).focus();
      const [startNode, startOffset] = locate(at + from, from < to);
      const [endNode, endOffset] = locate(at + to, false);
      root.ownerDocument.getSelection()!.setBaseAndExtent(startNode, startOffset, endNode, endOffset);
    },
    { text, from, to },
  );
}

/**
 * Puts the editor's caret at the start or end of a block (an element inside the live, editable
 * editor), the way a click there would, but through the DOM selection: a click goes to screen
 * coordinates, and a late layout shift (the page still settling) once moved the toolbar's Bold
 * button under them and failed the test in CI. For a caret only: a test about clicking should click.
 */
export async function placeCaret(block: Locator, where: "start" | "end"): Promise<void> {
  await block.evaluate((element, atStart) => {
    (element.closest("[contenteditable='true']") as HTMLElement).focus();
    const range = document.createRange();
    range.selectNodeContents(element);
    range.collapse(atStart);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, where === "start");
  // ProseMirror takes the DOM selection on its selectionchange handling.
  await expect.poll(() => block.evaluate((element) => element.contains(window.getSelection()!.anchorNode))).toBe(true);
}

/** Cites a source at the editor's caret through "Cite source": the first match of `search`, with `pinpoint`. */
export async function citeSource(page: Page, search: string, pinpoint: string): Promise<void> {
  await page.getByTestId("cite-source-button").click();
  const dialog = page.getByTestId("cite-source-dialog");
  await dialog.getByTestId("cite-source-search").fill(search);
  await dialog.getByRole("option").first().click();
  await dialog.getByTestId("cite-source-pinpoint").fill(pinpoint);
  await dialog.getByTestId("cite-source-insert").click();
  await expect(dialog).toBeHidden();
  // Writing goes on where the note was put: what is typed next must reach the text (typed at once,
  // keystrokes once went elsewhere while the focus was still on its way back).
  await expect(page.getByTestId("editor")).toBeFocused();
}

/** Scrolls the window to the bottom of the page (where typeAtEnd writes). */
export async function scrollToBottom(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
}

/** A sentence no seeded page contains, so finding it proves it travelled. */
export function uniqueSentence(who: string): string {
  return `${who} adds a note ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}.`;
}

/**
 * A REST call that must succeed, for a spec that seeds its data through the API as a client
 * would; a failure names the call and shows the server's answer. Returns the JSON reply.
 */
export async function apiOk<T = Record<string, unknown>>(
  server: { url: string },
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const reply = await callApi(server, token, method, path, body);
  expect(reply.status, `${method} ${path}: ${reply.text}`).toBeLessThan(300);
  return reply.json as T;
}

export function screenshotPath(name: string): string {
  return `test-results/screenshots/${name}.png`;
}
