import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { Download, Page } from "@playwright/test";
import JSZip from "jszip";
import {
  citeSource,
  collectPageErrors,
  expect,
  placeCaret,
  screenshotPath,
  selectInEditor,
  test,
  waitForLiveEditor,
  type Credentials,
} from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * A team's first hour on a fresh install, walked in Chromium as the people involved, each in a
 * browser context of their own: set up, create a wiki and its first top-level page, write with
 * structure, cite sources with pinpoints, keep versions and compare them, read a version as it
 * was cited, export, import. Each step checks what the person sees, not only that a request
 * succeeded; the spec's own server starts empty, so the order of spec files does not matter.
 */
test.describe.configure({ mode: "serial", timeout: 120_000 });

const OWNER: Credentials = { name: "Hugo Grotius", email: "hugo@example.test", password: "mare-liberum-1609" };
const WIKI = "Due diligence in outer space";
const FIRST_PAGE = "The harm principle beyond Earth";

const own = ownServer("first-hour");
let owner: Session;
let wikiPath = "";
let pagePath = "";

test.beforeAll(async () => {
  await own.start();
});

// Every screen the owner walks must get through without a script error or a CSP violation.
test.afterEach(() => {
  expect(owner?.errors ?? [], "uncaught errors or CSP violations in the owner's pages").toEqual([]);
});

test.afterAll(async () => {
  await owner?.context.close();
});

/** Checks that every footnote mark in `html` is an empty element, so no text after it is superscript. */
async function expectClosedFootnoteMarks(page: Page, html: string, marks: number): Promise<void> {
  const parsed = await page.evaluate((markup) => {
    const doc = new DOMParser().parseFromString(markup, "text/html");
    const sups = [...doc.querySelectorAll("sup.citation")];
    return { count: sups.length, nonEmpty: sups.filter((s) => s.childNodes.length > 0).length };
  }, html);
  expect(parsed).toEqual({ count: marks, nonEmpty: 0 });
}

/** Adds a source on the wiki's Sources page, as a person does. */
async function addSource(page: Page, kind: string, fields: Record<string, string>): Promise<void> {
  await page.goto(`${wikiPath}/sources`);
  const form = page.getByTestId("source-form");
  await form.getByLabel("Kind").selectOption({ label: kind });
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole("button", { name: "Add source" }).click();
  await page.waitForURL(/\/sources\/[^/]+$/);
}

/** Opens a download link inside an export menu (a <details>) and returns the downloaded file's path. */
async function download(page: Page, menu: string, format: RegExp): Promise<{ file: string; download: Download }> {
  const details = page.getByTestId("export-menu").filter({ has: page.getByText(menu, { exact: true }) });
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) await details.locator("summary").click();
  const [started] = await Promise.all([page.waitForEvent("download"), details.getByRole("link", { name: format }).click()]);
  return { file: (await started.path())!, download: started };
}

const pdfText = (file: string) => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
const docxPart = async (file: string, part: string) => (await JSZip.loadAsync(fs.readFileSync(file))).file(part)?.async("string") ?? "";

test("set up: the first person creates the owner account and a wiki, and writes its first top-level page", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: own.state.url });
  const page = await context.newPage();
  owner = { context, page, errors: collectPageErrors(page) };

  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("E-mail").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Create owner account" }).click();
  await page.waitForURL((url) => url.pathname === "/");

  await page.getByLabel("Research question").fill(WIKI);
  await page.getByRole("button", { name: "Create wiki" }).click();
  await page.waitForURL(/\/w\/[^/]+$/);
  wikiPath = new URL(page.url()).pathname;
  await expect(page.getByText("This wiki has no pages yet.")).toBeVisible();
  await page.screenshot({ path: screenshotPath("first-hour-01-empty-wiki") });

  await page.getByRole("link", { name: "Write the first strand" }).click();
  await page.getByLabel("Title", { exact: true }).fill(FIRST_PAGE);
  await expect(page.getByLabel("Under")).toHaveValue("");
  await page.getByRole("button", { name: "Create page" }).click();
  await page.waitForURL((url) => url.pathname.startsWith(`${wikiPath}/`) && !url.pathname.endsWith("/new"));
  pagePath = new URL(page.url()).pathname;
  await expect(page.getByTestId("page-title")).toHaveText(FIRST_PAGE);
  // The sidebar lists the new page without a reload.
  await expect(page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: FIRST_PAGE })).toBeVisible();
  await waitForLiveEditor(page);
  await page.screenshot({ path: screenshotPath("first-hour-02-first-page") });
});

test("cite two sources with pinpoints; the cited text renders whole on the server, in a version and in the HTML export", async () => {
  const { page } = owner;
  await addSource(page, "Judgment or advisory opinion", {
    "Case name": "Corfu Channel (United Kingdom v Albania) (Merits)",
    Court: "ICJ",
    Year: "1949",
    "Report citation": "[1949] ICJ Rep 4",
    "Short title": "Corfu Channel",
  });
  await addSource(page, "Treaty", { Name: "Outer Space Treaty", Adopted: "27 January 1967", "Treaty series": "610 UNTS 205" });

  await page.goto(pagePath);
  const live = await waitForLiveEditor(page);
  await live.focus();
  await page.keyboard.type("States must not knowingly allow their territory to be used against others");
  await citeSource(page, "Corfu", "p 22");
  await page.keyboard.type(", on Earth or in orbit");
  await citeSource(page, "Outer Space", "art IX");
  await page.keyboard.type(".");
  await expect(live.locator("sup.citation")).toHaveCount(2);
  await expect(page.getByTestId("footnotes").locator("li")).toHaveCount(2);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");

  // The server HTML, as sent before any script runs: each footnote mark is closed.
  await expect(async () => {
    const html = await (await page.request.get(pagePath)).text();
    await expectClosedFootnoteMarks(page, html, 2);
  }).toPass({ timeout: 15_000 });

  // A named version, read as it was: text whole, marks closed, with its notes.
  await page.goto(`${pagePath}/history`);
  await page.getByLabel("Version name").fill("Two authorities");
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page.getByTestId("version-row").first()).toContainText("Two authorities");
  await page
    .getByTestId("version-row")
    .first()
    .getByRole("link", { name: /^v\d+$/ })
    .click();
  const version = page.getByTestId("version-content");
  await expect(version).toContainText("States must not knowingly allow their territory to be used against others, on Earth or in orbit.");
  await expectClosedFootnoteMarks(page, await version.evaluate((el) => el.outerHTML), 2);
  const notes = page.getByTestId("footnotes").locator("li");
  await expect(notes).toHaveCount(2);
  await expect(notes.first()).toContainText("Corfu Channel");
  await page.screenshot({ path: screenshotPath("first-hour-03-version"), fullPage: true });

  // The HTML export numbers the marks and lists the notes.
  await page.goto(pagePath);
  await waitForLiveEditor(page);
  const exported = fs.readFileSync((await download(page, "Export ▾", /HTML/)).file, "utf8");
  expect(exported).toContain('<a href="#note-1" id="ref-1">1</a>');
  expect(exported).toContain('<a href="#note-2" id="ref-2">2</a>');
  expect(exported).toMatch(/<li id="note-1" value="1">(<em>)?Corfu Channel/);
  expect(exported).toMatch(/<li id="note-2" value="2">(<em>)?Outer Space Treaty/);
});

test("a footnote mark shows its note on hover, leads to it and back, and its pinpoint changes in place", async () => {
  const { page } = owner;
  await page.goto(pagePath);
  const live = await waitForLiveEditor(page);
  const first = live.locator("sup.citation").first();
  await first.hover();
  const preview = page.getByTestId("footnote-preview");
  await expect(preview).toContainText("1.");
  await expect(preview).toContainText("Corfu Channel");
  await expect(preview).toContainText("22");
  await page.screenshot({ path: screenshotPath("first-hour-05-footnote-preview") });

  // Selecting the mark (a click) pins the preview, with the pinpoint to change.
  await first.click();
  await preview.getByTestId("footnote-pinpoint").fill("p 23");
  await preview.getByRole("button", { name: "Change" }).click();
  await expect(page.getByTestId("footnotes").locator("li").first()).toContainText("23");
  await expect(live.locator("sup.citation").first()).toHaveAttribute("data-pinpoint", "p 23");

  await first.hover();
  await preview.getByRole("button", { name: "Go to note 1" }).click();
  await expect(page.locator("#footnote-1")).toBeFocused();
  await page.locator("#footnote-1").getByRole("button", { name: "Back to footnote mark 1 in the text" }).click();
  await expect(live.locator("sup.citation").first()).toBeInViewport();

  // The picker tells authorities apart by their full citation, not the short title alone.
  await page.getByTestId("cite-source-button").click();
  await page.getByTestId("cite-source-search").fill("Corfu");
  await expect(page.getByTestId("cite-source-full").first()).toContainText("[1949] ICJ Rep 4");
  await page.getByTestId("cite-source-button").click();
  await expect(page.getByTestId("cite-source-dialog")).toBeHidden();
});

test("switching the citation style reaches a page that is already open", async ({ browser }) => {
  const { page } = owner;
  await page.goto(pagePath);
  await waitForLiveEditor(page);
  await expect(page.getByTestId("footnotes-style")).toHaveText("Notes (OSCOLA)");
  const other = await browser.newContext({ baseURL: own.state.url, storageState: await owner.context.storageState() });
  const settings = await other.newPage();
  await settings.goto(`${wikiPath}/sources`);
  await settings.getByRole("combobox", { name: "Citation style" }).selectOption({ label: "Bluebook" });
  await expect(settings.getByTestId("citation-style").getByRole("status")).toHaveText("Saved: every footnote now follows it.");
  await other.close();
  await expect(page.getByTestId("footnotes-style")).toHaveText("Notes (Bluebook)");
  await expect(page.getByTestId("footnotes").locator("li").first()).toContainText("1949 I.C.J. 4");
});

test("going offline says so at once, and edits made offline arrive when the network returns", async () => {
  const { page, context } = owner;
  await page.goto(pagePath);
  const live = await waitForLiveEditor(page);
  await context.setOffline(true);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "offline", { timeout: 3000 });
  await placeCaret(live.locator(":scope > p").last(), "end");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Written on a train without signal.");
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "offline");
  await page.screenshot({ path: screenshotPath("first-hour-06-offline") });
  await context.setOffline(false);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved", { timeout: 15_000 });
  await expect(async () => {
    const html = await (await page.request.get(pagePath)).text();
    expect(html).toContain("Written on a train without signal.");
  }).toPass({ timeout: 15_000 });
});

test("History: compare a version with the current page", async () => {
  const { page } = owner;
  await page.goto(pagePath);
  const live = await waitForLiveEditor(page);
  await placeCaret(live.locator(":scope > p").last(), "end");
  await page.keyboard.press("Enter");
  await page.keyboard.type("A later thought on liability.");
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");

  await page.goto(`${pagePath}/history`);
  await page.getByRole("button", { name: "Compare “from” with the current page" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Changes from version \d+ to current page$/);
  await expect(page.getByTestId("redline").locator("ins", { hasText: "A later thought on liability." })).toBeVisible();
  await page.screenshot({ path: screenshotPath("first-hour-04-compare-current") });
});

test("write with a heading, a list and a table; change a cell; Compare shows the table and the Word redline carries it", async () => {
  const { page } = owner;
  await page.goto(pagePath);
  const live = await waitForLiveEditor(page);
  await placeCaret(live.locator(":scope > p").last(), "end");
  await page.keyboard.press("Enter");
  // Markdown shortcuts, as people type them.
  await page.keyboard.type("## Obligations of conduct");
  await page.keyboard.press("Enter");
  await page.keyboard.type("- Prevention");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Cooperation");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await expect(live.getByRole("heading", { level: 2, name: "Obligations of conduct" })).toBeVisible();
  await expect(live.locator("ul > li")).toHaveCount(2);
  // The table tools live in the toolbar's More menu.
  await page.getByTestId("toolbar-more").click();
  await page.getByTestId("toolbar-more-panel").getByRole("button", { name: "Table", exact: true }).click();
  const cells = live.locator("table td, table th");
  await expect(cells).toHaveCount(9);
  await page.keyboard.type("Actor");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Standard");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Source");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Territorial State");
  await page.keyboard.press("Tab");
  await page.keyboard.type("due diligence");
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");

  await page.goto(`${pagePath}/history`);
  await page.getByLabel("Version name").fill("With a table");
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page.getByTestId("version-row").first()).toContainText("With a table");

  await page.goto(pagePath);
  const again = await waitForLiveEditor(page);
  await placeCaret(again.locator("td", { hasText: "due diligence" }).locator("p"), "end");
  await page.keyboard.type(" (knowledge required)");
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");

  await page.goto(`${pagePath}/history`);
  await page.getByRole("button", { name: "Compare “from” with the current page" }).click();
  const redline = page.getByTestId("redline");
  await expect(redline.locator("table")).toHaveCount(1);
  await expect(redline.locator("table ins")).toContainText("knowledge required");
  await expect(redline).not.toContainText("table 1 >");
  await page.screenshot({ path: screenshotPath("first-hour-07-compare-table"), fullPage: true });

  const [started] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download as Word with tracked changes" }).click(),
  ]);
  const xml = await docxPart((await started.path())!, "word/document.xml");
  expect(xml).toContain("<w:tbl>");
  expect(xml).toMatch(/<w:ins [^>]*>.*knowledge required/s);
  expect(await docxPart((await started.path())!, "word/footnotes.xml")).toContain("Corfu Channel");

  // Between two saved versions: the citation whose pinpoint changed (p 22 → p 23) is a change too.
  await page.goto(`${pagePath}/history`);
  const versionOf = async (name: string) =>
    (await page
      .getByTestId("version-row")
      .filter({ hasText: name })
      .getByRole("link", { name: /^v\d+$/ })
      .textContent())!.slice(1);
  const [cited, tabled] = [await versionOf("Two authorities"), await versionOf("With a table")];
  await page.getByLabel(`Compare from version ${cited}`, { exact: true }).check();
  await page.getByLabel(`Compare to version ${tabled}`, { exact: true }).check();
  await page.getByRole("button", { name: "Compare selected versions" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Changes from version ${cited} to version ${tabled}`);
  await expect(page.getByTestId("diff-summary")).toContainText("citation");
  await expect(page.getByTestId("redline").locator("ins .redline-citation, ins.redline-citation").first()).toBeVisible();
  await expect(page.getByTestId("redline").locator("table")).toHaveCount(1);
});

test("export the page and the wiki in every format, and read each file back", async () => {
  const { page } = owner;
  await page.goto(pagePath);
  await waitForLiveEditor(page);

  const docx = await download(page, "Export ▾", /Word \(\.docx\)/);
  expect(await docxPart(docx.file, "word/document.xml")).toContain("Territorial State");
  expect(await docxPart(docx.file, "word/footnotes.xml")).toContain("Corfu Channel");
  const pdf = pdfText((await download(page, "Export ▾", /PDF/)).file);
  expect(pdf).toContain("Obligations of conduct");
  expect(pdf).toMatch(/Corfu Channel/);
  const markdown = fs.readFileSync((await download(page, "Export ▾", /Markdown/)).file, "utf8");
  expect(markdown).toMatch(/\[\^1\]: .*Corfu Channel/);
  expect(markdown).toContain("| Territorial State");

  const wikiDocx = await download(page, "Export wiki ▾", /Word \(\.docx\)/);
  expect(await docxPart(wikiDocx.file, "word/document.xml")).toContain(FIRST_PAGE);
  const wikiHtml = fs.readFileSync((await download(page, "Export wiki ▾", /HTML/)).file, "utf8");
  expect(wikiHtml).toContain(`<h1>${FIRST_PAGE}</h1>`);
  expect(wikiHtml).toContain('<ol class="notes">');
  expect(pdfText((await download(page, "Export wiki ▾", /PDF/)).file)).toContain(FIRST_PAGE);
  expect(fs.readFileSync((await download(page, "Export wiki ▾", /Markdown/)).file, "utf8")).toContain(FIRST_PAGE);
});

test("Cite a paragraph: the permalink opens that paragraph of a fixed version, its footnote marks whole", async () => {
  const { page } = owner;
  await page.goto(pagePath);
  const live = await waitForLiveEditor(page);
  await placeCaret(live.locator("p", { hasText: "States must not knowingly allow" }), "end");
  await page.getByRole("button", { name: "Cite", exact: true }).click();
  const dialog = page.getByTestId("cite-dialog");
  await dialog.getByLabel("Cite the paragraph at the cursor").check();
  await expect(dialog.getByTestId("permalink")).toHaveValue(/\/history\/\d+#block-/);
  const permalink = await dialog.getByTestId("permalink").inputValue();
  await page.goto(permalink);
  const version = page.getByTestId("version-content");
  await expect(version).toContainText("States must not knowingly allow their territory");
  await expectClosedFootnoteMarks(page, await version.evaluate((el) => el.outerHTML), 2);
  await expect(page.getByTestId("footnotes").locator("li")).toHaveCount(2);
});

test("search a legal reference: the cited passage is found", async () => {
  const { page } = owner;
  await page.goto(pagePath);
  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("search-palette");
  await palette.getByRole("combobox").fill("knowingly allow");
  await expect(palette.getByRole("option").filter({ hasText: FIRST_PAGE }).first()).toBeVisible({ timeout: 20_000 });
});

test("import a Markdown file with footnotes: they become citations with notes", async () => {
  const { page } = owner;
  await page.goto(`${wikiPath}/new`);
  const form = page.getByRole("form", { name: "Import a file" });
  const file =
    "# Orbital debris\n\nStates bear duties for debris they launch.[^1]\n\n[^1]: *Convention on International Liability for Damage Caused by Space Objects*, art II.\n";
  await form.getByLabel("File").setInputFiles({ name: "debris.md", mimeType: "text/markdown", buffer: Buffer.from(file) });
  await form.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("page-title")).toHaveText("Orbital debris");
  const live = await waitForLiveEditor(page);
  await expect(live.locator("sup.citation")).toHaveCount(1);
  await expect(live.getByRole("heading", { name: "Orbital debris" })).toHaveCount(0);
  await expect(page.getByTestId("footnotes").locator("li")).toHaveText([
    /^Convention on International Liability for Damage Caused by Space Objects, art II\./,
  ]);
});

test("import a Markdown file: the new page is in the sidebar at once", async () => {
  const { page } = owner;
  await page.goto(`${wikiPath}/new`);
  const form = page.getByRole("form", { name: "Import a file" });
  await form
    .getByLabel("File")
    .setInputFiles({ name: "state-practice.md", mimeType: "text/markdown", buffer: Buffer.from("Practice of States in orbit.\n") });
  await form.getByLabel("Title of the imported page").fill("State practice in orbit");
  await form.getByRole("button", { name: "Import" }).click();
  await expect(page.getByTestId("page-title")).toHaveText("State practice in orbit");
  await expect(page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "State practice in orbit" })).toBeVisible();
});

test("invite a colleague by link; they edit together, comment with a mention, reply and resolve", async ({ browser }) => {
  const { page } = owner;
  const colleague = { name: "Emer de Vattel", email: `emer.${Date.now()}@example.test`, password: "law-of-nations-1758" };
  await page.goto(`${wikiPath}/members`);
  await page.getByLabel("E-mail address").fill(colleague.email);
  await page.getByLabel("Role", { exact: true }).selectOption("editor");
  await page.getByRole("button", { name: "Add member" }).click();
  const inviteUrl = await page.getByTestId("invite-link").inputValue();
  expect(inviteUrl).toMatch(/\/invite\//);

  // The colleague opens the link in a browser of their own and joins.
  const context = await browser.newContext({ baseURL: own.state.url });
  const other = await context.newPage();
  const otherErrors = collectPageErrors(other);
  await other.goto(new URL(inviteUrl).pathname);
  await other.getByLabel("Your name").fill(colleague.name);
  await other.getByLabel("Choose a password").fill(colleague.password);
  await other.getByRole("button", { name: "Create account and join" }).click();
  await other.waitForURL((url) => !url.pathname.startsWith("/invite/"));

  // Both on the page: what one types, the other sees.
  await page.goto(pagePath);
  const ownerEditor = await waitForLiveEditor(page);
  await other.goto(pagePath);
  const theirEditor = await waitForLiveEditor(other);
  await placeCaret(theirEditor.locator(":scope > p").last(), "end");
  await other.keyboard.press("Enter");
  await other.keyboard.type("Vattel adds: prevention is owed to all.");
  await expect(ownerEditor).toContainText("Vattel adds: prevention is owed to all.");

  // The colleague comments on the passage and mentions the owner; the owner replies and resolves.
  await selectInEditor(other, "prevention is owed to all");
  await other.getByTestId("comment-button").click();
  const form = other.getByTestId("new-thread-form");
  const box = form.getByLabel("New comment");
  await box.fill("Does this hold for ");
  await box.pressSequentially("@Hugo");
  await other.getByRole("option", { name: /Hugo Grotius/ }).click();
  await expect(box).toHaveValue("Does this hold for @HugoGrotius ");
  await box.press("End");
  await box.pressSequentially("in orbit?");
  await form.getByRole("button", { name: "Comment", exact: true }).click();
  const ownerCard = page.getByTestId("thread-card").filter({ hasText: "in orbit?" });
  await expect(ownerCard).toBeVisible();
  await expect(ownerCard.getByTestId("comment").first()).toContainText("Hugo");
  const reply = ownerCard.getByTestId("reply-form");
  await reply.getByLabel("Reply").click();
  await reply.getByLabel("Reply").fill("It does: Article IX says so.");
  await reply.getByRole("button", { name: "Reply", exact: true }).click();
  const theirCard = other.getByTestId("thread-card").filter({ hasText: "in orbit?" });
  await expect(theirCard.getByTestId("comment")).toHaveCount(2);
  await ownerCard.getByRole("button", { name: /Resolve/ }).click();
  // Resolved for both at once: the thread leaves the open list and is counted as resolved.
  await expect(other.getByTestId("filter-resolved")).toContainText("1");
  await expect(theirCard).toHaveCount(0);
  await other.screenshot({ path: screenshotPath("first-hour-08-discussion"), fullPage: true });

  // The owner restores the version cited earlier; the colleague, still on the page, is told.
  await page.goto(`${pagePath}/history`);
  await page
    .getByTestId("version-row")
    .filter({ hasText: "Two authorities" })
    .getByRole("link", { name: /^v\d+$/ })
    .click();
  await page.getByRole("button", { name: "Restore this version" }).click();
  await page.getByRole("link", { name: /^Restore version \d+$/ }).click();
  await expect(page.getByTestId("restore-notice")).toContainText("Press Ctrl+Z to undo.");
  await expect(theirEditor.locator("table")).toHaveCount(0);
  await expect(other.getByTestId("restored-by-other")).toContainText(`${OWNER.name} restored version`);
  expect(otherErrors).toEqual([]);
  await context.close();
});
