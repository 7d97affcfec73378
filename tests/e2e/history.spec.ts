import type { Locator, Page } from "@playwright/test";
import { findWikiBySlug } from "@/db/queries/wikis";
import { createPage } from "@/lib/commands/pages";
import { seedDemoWiki } from "@/lib/commands/seed-demo";
import { createFirstUser } from "@/lib/commands/users";
import { addMember } from "@/lib/commands/wikis";
import { pageUrl } from "@/lib/wikis/access";
import { makeUser } from "../helpers/fixtures";
import {
  DEMO_WIKI,
  collectPageErrors,
  editor,
  expect,
  screenshotPath,
  test,
  typeAtEnd,
  waitForLiveEditor,
  type Credentials,
} from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * Page history end to end, in real browsers against the real server: an owner edits a new page
 * live and saves named versions, reads them in History, compares two as a redline (on screen and
 * as a downloaded HTML file), opens an earlier version and restores it; a second editor with the
 * page open sees the restore arrive live and, after the owner's Ctrl+Z, sees it undone.
 *
 * Set up through Opinio's commands on a server of its own. The tests build on each other and
 * share two signed-in browser contexts.
 */
// Two browser contexts and a server of its own: allow more than the default per test on a busy machine.
test.describe.configure({ mode: "serial", timeout: 90_000 });

const OWNER: Credentials = { name: "Rosalyn Higgins", email: "rosalyn@example.test", password: "problems-and-process-1994" };
const PAGE_TITLE = "Binding obligations";
const PAGE_MARKDOWN = "The obligation is binding.\n\nSecond paragraph.";
const APPENDED = "The parties may agree otherwise.";

// A long idle interval keeps automatic versions out of the way: every version here is explicit.
const own = ownServer("history", { VERSION_IDLE_MS: String(10 * 60_000) });
let pagePath: string;
let colleague: Credentials;
/** The owner, who edits, saves versions and restores. */
let a: Session;
/** A second editor who keeps the page open throughout (so it also never unloads on the server). */
let b: Session;
/** Version numbers as the app reports them. */
const v = { created: 1, firstEdit: 0, secondEdit: 0 };

/** The non-empty paragraphs of a rendered document, in order, without other people's caret labels. */
async function paragraphs(scope: Locator): Promise<string[]> {
  const texts = await scope.locator("p").evaluateAll((nodes) =>
    nodes.map((node) => {
      const copy = node.cloneNode(true) as HTMLElement;
      for (const caret of copy.querySelectorAll(".collaboration-carets__caret, .collaboration-carets__label")) caret.remove();
      return copy.textContent ?? "";
    }),
  );
  return texts.map((text) => text.trim()).filter(Boolean);
}

/** Saves a named version from the History screen (reached through the page's "History" link); returns its number. */
async function saveVersion(page: Page, name: string, note = ""): Promise<number> {
  await page.getByRole("link", { name: "History", exact: true }).click();
  await page.waitForURL((url) => url.pathname === `${pagePath}/history`);
  await page.getByLabel("Version name").fill(name);
  if (note) await page.getByLabel("Note (optional)").fill(note);
  await page.getByRole("button", { name: "Save version" }).click();
  const saved = page.getByRole("status").filter({ hasText: /^Saved as version \d+\.$/ });
  await expect(saved).toBeVisible();
  const number = Number(/\d+/.exec(await saved.innerText())![0]);
  // The list below the form is refreshed by the same action.
  await expect(page.getByTestId("version-row").filter({ hasText: name })).toContainText(`v${number}`);
  return number;
}

/** Back from History to the page, with the live editor synced. */
async function backToPage(page: Page): Promise<Locator> {
  await page.getByRole("link", { name: `← ${PAGE_TITLE}` }).click();
  await page.waitForURL((url) => url.pathname === pagePath);
  return waitForLiveEditor(page);
}

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  await own.start();
  const owner = await createFirstUser(OWNER);
  await seedDemoWiki(owner.id);
  const wiki = (await findWikiBySlug(DEMO_WIKI.slug))!;
  colleague = await makeUser("Hersch Lauterpacht");
  await addMember(wiki.id, colleague.email, "editor", owner.id);
  const page = await createPage({ wikiId: wiki.id, title: PAGE_TITLE, markdown: PAGE_MARKDOWN }, owner.id);
  pagePath = pageUrl(wiki.slug, page.slug);
  a = await own.signIn(browser, "owner", OWNER);
  b = await own.signIn(browser, "second-editor", colleague);
});

test("the owner edits a new page live and saves two named versions", async () => {
  await b.page.goto(pagePath);
  await waitForLiveEditor(b.page);
  await a.page.goto(pagePath);
  const live = await waitForLiveEditor(a.page);
  expect(await paragraphs(live)).toEqual(["The obligation is binding.", "Second paragraph."]);

  // First edit: a new paragraph, typed in the live editor.
  await typeAtEnd(a.page, APPENDED);
  const appended = ["The obligation is binding.", "Second paragraph.", APPENDED];
  await expect.poll(() => paragraphs(editor(a.page))).toEqual(appended);
  await expect.poll(() => paragraphs(editor(b.page))).toEqual(appended);
  await expect(a.page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
  v.firstEdit = await saveVersion(a.page, "After first edit");
  expect(v.firstEdit).toBe(v.created + 1);

  // Second edit: "binding" becomes "not enforceable" (a deletion and an insertion).
  await backToPage(a.page);
  // Select the word with the keyboard, checking the selection took before typing over it.
  await expect(async () => {
    await live.focus();
    await a.page.keyboard.press("Control+Home");
    await a.page.keyboard.press("End");
    await a.page.keyboard.press("ArrowLeft");
    await a.page.keyboard.press("Control+Shift+ArrowLeft");
    expect(await a.page.evaluate(() => window.getSelection()?.toString())).toBe("binding");
  }).toPass({ timeout: 10_000 });
  await a.page.keyboard.type("not enforceable");
  const edited = ["The obligation is not enforceable.", "Second paragraph.", APPENDED];
  await expect.poll(() => paragraphs(editor(a.page))).toEqual(edited);
  await expect.poll(() => paragraphs(editor(b.page))).toEqual(edited);
  await expect(a.page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
  v.secondEdit = await saveVersion(a.page, "After second edit", "Second thoughts on enforceability.");
  expect(v.secondEdit).toBe(v.firstEdit + 1);
});

test("History lists the versions; comparing two shows a redline, also downloadable as HTML", async () => {
  const { page } = a;
  await expect(page).toHaveURL((url) => url.pathname === `${pagePath}/history`);
  const rows = page.getByTestId("version-row");
  // Newest first: the two named versions, then the page as created.
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText(`v${v.secondEdit}`);
  await expect(rows.nth(0)).toContainText("After second edit");
  await expect(rows.nth(0)).toContainText("named");
  await expect(rows.nth(0)).toContainText("Second thoughts on enforceability.");
  await expect(rows.nth(1)).toContainText(`v${v.firstEdit}`);
  await expect(rows.nth(1)).toContainText("After first edit");
  await expect(rows.nth(2)).toContainText(`v${v.created}`);
  for (const n of [v.secondEdit, v.firstEdit, v.created])
    await expect(page.getByRole("link", { name: `v${n}`, exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Named versions" }).click();
  await expect(rows).toHaveCount(2);
  await page.getByRole("link", { name: "All versions" }).click();
  await expect(rows).toHaveCount(3);
  await page.screenshot({ path: screenshotPath("history-list"), fullPage: true });

  await page.getByRole("radio", { name: `Compare from version ${v.firstEdit}` }).check();
  await page.getByRole("radio", { name: `Compare to version ${v.secondEdit}` }).check();
  await page.getByRole("button", { name: "Compare selected versions" }).click();
  await page.waitForURL((url) => url.pathname === `${pagePath}/compare`);
  expect(new URL(page.url()).searchParams.get("from")).toBe(String(v.firstEdit));
  expect(new URL(page.url()).searchParams.get("to")).toBe(String(v.secondEdit));
  await expect(page.getByRole("heading", { name: `Changes from version ${v.firstEdit} to version ${v.secondEdit}` })).toBeVisible();
  await expect(page.getByTestId("diff-summary")).toHaveText("1 paragraph changed; +2 −1 words");
  const redline = page.getByTestId("redline");
  await expect(redline.locator("ins")).toHaveText(["not enforceable"]);
  await expect(redline.locator("del")).toHaveText(["binding"]);
  // Unchanged paragraphs are shown, unmarked.
  await expect(redline.locator("p").filter({ hasText: "Second paragraph." }).locator("ins, del")).toHaveCount(0);
  await expect(redline).toContainText(APPENDED);
  await page.screenshot({ path: screenshotPath("history-compare"), fullPage: true });

  // The standalone redline: a real download in the browser…
  const link = page.getByRole("link", { name: "Download as a standalone HTML redline" });
  const downloading = page.waitForEvent("download");
  await link.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`binding-obligations-redline-${v.firstEdit}-to-${v.secondEdit}.html`);
  // …and, fetched with the same session, a self-contained HTML document carrying the marks.
  const response = await page.request.get((await link.getAttribute("href"))!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^text\/html/);
  expect(response.headers()["content-disposition"]).toMatch(/^attachment;/);
  const html = await response.text();
  expect(html).toMatch(/^<!doctype html>/i);
  // Each change says who made it, in which version and when (the owner, in the later version).
  const credit = `title="${OWNER.name}, version ${v.secondEdit}, [^"]+ UTC"`;
  expect(html).toMatch(new RegExp(`<del ${credit}>binding</del><ins ${credit}>not enforceable</ins>`));
  expect(html).toContain("1 paragraph changed; +2 −1 words");
  expect(html).not.toContain("<script");
});

test("\u201cWho wrote this\u201d credits each stretch of text to the version and the author that wrote it", async () => {
  const { page } = a;
  await page.goto(pagePath);
  await waitForLiveEditor(page);
  await page.getByRole("link", { name: "Who wrote this" }).click();
  await page.waitForURL((url) => url.pathname === `${pagePath}/attribution`);
  await expect(page.getByRole("heading", { name: "Who wrote this" })).toBeVisible();
  const attribution = page.getByTestId("attribution");
  await expect(attribution.locator("p")).toHaveText(["The obligation is not enforceable.", "Second paragraph.", APPENDED]);
  // Each stretch says in its title who wrote it, in which version: the words typed over
  // "binding" are the second edit's, the rest of that sentence still the first version's.
  const expected: [string, number][] = [
    ["The obligation is ", v.created],
    ["not enforceable", v.secondEdit],
    ["Second paragraph.", v.created],
    [APPENDED, v.firstEdit],
  ];
  for (const [text, version] of expected) {
    await expect(attribution.locator("span.authored").filter({ hasText: text }).first()).toHaveAttribute(
      "title",
      new RegExp(`^${OWNER.name}, version ${version}, `),
    );
  }
  // The owner wrote everything; the colleague, who only watched, is credited with nothing.
  await expect(page.getByTestId("attribution-authors").locator("li")).toHaveText([`${OWNER.name} · 100%`]);
});

test("an earlier version is restored live for the other editor, recorded in History, and Ctrl+Z undoes it for both", async () => {
  const { page } = a;
  // Open the earlier version from History.
  await page.goto(`${pagePath}/history`);
  await page.getByRole("link", { name: `v${v.firstEdit}`, exact: true }).click();
  await page.waitForURL((url) => url.pathname === `${pagePath}/history/${v.firstEdit}`);
  const banner = page.getByTestId("version-banner");
  await expect(banner).toContainText(`You are reading version ${v.firstEdit} “After first edit” of this page`);
  const restoredParagraphs = ["The obligation is binding.", "Second paragraph.", APPENDED];
  expect(await paragraphs(page.getByTestId("version-content"))).toEqual(restoredParagraphs);
  await page.screenshot({ path: screenshotPath("history-version"), fullPage: true });

  // What the second editor has before the restore (the current page, version 3's content).
  const beforeRestore = await paragraphs(editor(b.page));
  expect(beforeRestore).toEqual(["The obligation is not enforceable.", "Second paragraph.", APPENDED]);
  // A marker that survives only as long as the second editor's page is not reloaded.
  await b.page.evaluate(() => ((window as Window & { __notReloaded?: boolean }).__notReloaded = true));

  // It asks in the page first (no browser dialog), with focus on the confirming link.
  await page.getByRole("button", { name: "Restore this version" }).click();
  const question = page.getByRole("group", { name: /^Make version \d+ the page's current content\?/ });
  await expect(question).toContainText(`Make version ${v.firstEdit} the page's current content?`);
  await expect(question.getByRole("link", { name: `Restore version ${v.firstEdit}` })).toBeFocused();
  await question.getByRole("link", { name: `Restore version ${v.firstEdit}` }).click();
  await page.waitForURL((url) => url.pathname === pagePath);

  // The restorer sees the notice; the ?restore= parameter is gone, so a reload would not restore again.
  await expect(page.getByTestId("restore-notice")).toHaveText(`Restored version ${v.firstEdit}. Press Ctrl+Z to undo.`);
  await expect(page).toHaveURL((url) => url.pathname === pagePath && url.search === "");
  await expect.poll(() => paragraphs(editor(page))).toEqual(restoredParagraphs);
  // The other editor gets the old content live, without a reload.
  await expect.poll(() => paragraphs(editor(b.page))).toEqual(restoredParagraphs);
  expect(await b.page.evaluate(() => (window as Window & { __notReloaded?: boolean }).__notReloaded)).toBe(true);
  // ...and is told whose restore replaced the text under their eyes; the restorer has their own notice.
  await expect(b.page.getByTestId("restored-by-other")).toContainText(
    `${OWNER.name} restored version ${v.firstEdit}: the page now reads as it did then`,
  );
  await expect(page.getByTestId("restored-by-other")).toHaveCount(0);
  await scrollToTop(b.page);
  await b.page.screenshot({ path: screenshotPath("history-restored-by-other") });
  await scrollToTop(page);
  await page.screenshot({ path: screenshotPath("history-restored") });

  // History (in another tab: the editor keeps its undo stack) records the restore as a new version.
  const historyTab = await a.context.newPage();
  const historyErrors = collectPageErrors(historyTab);
  await historyTab.goto(`${pagePath}/history`);
  const newest = historyTab.getByTestId("version-row").first();
  await expect(newest).toContainText(`v${v.secondEdit + 1}`);
  await expect(newest).toContainText(`Restored version ${v.firstEdit}`);
  await expect(newest).toContainText("restore");
  await historyTab.close();
  expect(historyErrors, "uncaught errors in the history tab").toEqual([]);

  // Ctrl+Z in the restorer's editor undoes the restore, for everyone.
  await editor(page).focus();
  await page.keyboard.press("Control+z");
  await expect.poll(() => paragraphs(editor(page))).toEqual(beforeRestore);
  await expect.poll(() => paragraphs(editor(b.page))).toEqual(beforeRestore);
  expect(await b.page.evaluate(() => (window as Window & { __notReloaded?: boolean }).__notReloaded)).toBe(true);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
  await expect(b.page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
});

async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
}
