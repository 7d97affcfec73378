import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { listPages } from "@/db/queries/pages";
import { findWikiBySlug } from "@/db/queries/wikis";
import { createThread } from "@/lib/commands/comments";
import { createPage } from "@/lib/commands/pages";
import { addMember } from "@/lib/commands/wikis";
import { seedDemoWiki } from "@/lib/commands/seed-demo";
import { createFirstUser } from "@/lib/commands/users";
import { pageUrl } from "@/lib/wikis/access";
import { makeUser } from "../helpers/fixtures";
import { DEMO_WIKI, editor, expect, screenshotPath, selectInEditor, test, waitForLiveEditor, type Credentials } from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * A strand page at a phone's, a tablet's, a laptop's and a desktop monitor's width. At each: the
 * document never scrolls sideways, the formatting toolbar is one row (what does not fit is in its
 * More menu), and the text keeps a readable column. Below 1024px the sidebar is a drawer behind the
 * Pages button, below 1280px the comments are a drawer too; both open and close. Above, sidebar
 * titles are shown whole. A screenshot per width goes to test-results/screenshots/layout-<width>.png.
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const OWNER: Credentials = { name: "Rosalyn Higgins", email: "higgins@example.test", password: "problems-and-process" };
const WIDTHS = [390, 768, 1366, 1920];

const own = ownServer("layouts");
let owner: Session;
let colleague: Session;
let reader: Session;
let strandPath: string;
let tablePath: string;

/** A paragraph whose first line, on a phone, ends at the column's right edge (see the test). */
const LONG_PARAGRAPH =
  "States must take the measures reasonably available to them once they know, or should know, that their territory is used for operations against the rights of other States.";

/** A comparison table as researchers keep them: more columns than a phone has room for. */
function wideTable() {
  const cell = (type: "tableHeader" | "tableCell", text: string) => ({
    type,
    content: [{ type: "paragraph", content: [{ type: "text", text }] }],
  });
  const headers = ["Instrument", "Knowledge standard", "Territoriality", "Threshold of harm", "Measures required", "Attribution"];
  const row = ["Tallinn Manual 2.0", "Constructive", "Sovereign territory", "Serious adverse consequences", "Feasible", "Not required"];
  return {
    type: "doc",
    content: [
      { type: "paragraph", content: [{ type: "text", text: LONG_PARAGRAPH }] },
      {
        type: "table",
        content: [
          { type: "tableRow", content: headers.map((text) => cell("tableHeader", text)) },
          { type: "tableRow", content: row.map((text) => cell("tableCell", text)) },
        ],
      },
    ],
  };
}

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  await own.start();
  const first = await createFirstUser(OWNER);
  await seedDemoWiki(first.id);
  const demo = (await findWikiBySlug(DEMO_WIKI.slug))!;
  const strand = (await listPages(demo.id)).find((p) => p.title === "Knowledge and capacity: the standard of conduct")!;
  strandPath = pageUrl(demo.slug, strand.slug);
  await createThread({ id: strand.id, wikiId: demo.id }, first.id, {
    body: "Does constructive knowledge suffice?",
    anchor: { kind: "page" },
  });
  const table = await createPage({ wikiId: demo.id, title: "Standards compared", json: wideTable() }, first.id);
  tablePath = pageUrl(demo.slug, table.slug);
  const other = await makeUser("Phoebe Okowa");
  await addMember(demo.id, other.email, "editor", first.id);
  owner = await own.signIn(browser, "owner", OWNER);
  colleague = await own.signIn(browser, "colleague", { name: other.name, email: other.email, password: other.password });
  const viewer = await makeUser("Georges Abi-Saab");
  await addMember(demo.id, viewer.email, "viewer", first.id);
  reader = await own.signIn(browser, "reader", { name: viewer.name, email: viewer.email, password: viewer.password });
});

/** How the toolbar is laid out: its height, its tallest button, and any button that leaves its box. */
async function toolbarBox(page: Page) {
  return page.getByTestId("editor-toolbar").evaluate((bar) => {
    const box = bar.getBoundingClientRect();
    const buttons = [...bar.querySelectorAll<HTMLElement>("button")].filter(
      (b) => b.offsetParent !== null && !b.closest("[data-testid=toolbar-more-panel]"),
    );
    const rows = new Set(buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
    const outside = buttons.filter((b) => b.getBoundingClientRect().right > box.right + 0.5).map((b) => b.textContent);
    return {
      height: box.height,
      buttonHeight: Math.max(...buttons.map((b) => b.getBoundingClientRect().height)),
      rows: rows.size,
      outside,
    };
  });
}

for (const width of WIDTHS) {
  test(`a strand page at ${width}px wide`, async () => {
    const page = owner.page;
    await page.setViewportSize({ width, height: 900 });
    await page.goto(strandPath);
    await waitForLiveEditor(page);

    // No sideways scrolling of the document.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    // The toolbar is one row of buttons, none of them pushed out of it.
    const bar = await toolbarBox(page);
    expect(bar.rows, `toolbar rows at ${width}px`).toBe(1);
    expect(bar.outside, "buttons outside the toolbar").toEqual([]);
    expect(bar.height).toBeLessThan(bar.buttonHeight + 16);

    // A readable text column.
    const column = await editor(page).evaluate((el) => el.getBoundingClientRect().width);
    expect(column).toBeGreaterThanOrEqual(width < 768 ? 300 : 480);

    const sidebar = page.getByTestId("wiki-sidebar");
    const pagesButton = page.getByTestId("pages-button");
    if (width < 1024) {
      await expect(sidebar).toBeHidden();
      await pagesButton.click();
      await expect(sidebar).toBeVisible();
      await expect(sidebar.getByRole("link", { name: "Knowledge and capacity: the standard of conduct" })).toBeVisible();
      await page.screenshot({ path: screenshotPath(`layout-${width}-pages-drawer`) });
      await page.keyboard.press("Escape");
      await expect(sidebar).toBeHidden();
    } else {
      await expect(pagesButton).toBeHidden();
      await expect(sidebar).toBeVisible();
      // Titles wrap rather than being cut off.
      const cut = await sidebar
        .locator("a[aria-current], li > a")
        .evaluateAll((links) => links.filter((a) => a.scrollWidth > a.clientWidth + 1).map((a) => a.textContent));
      expect(cut, "sidebar titles cut off").toEqual([]);
    }

    const comments = page.getByTestId("comments-panel");
    if (width < 1280) {
      await expect(comments).toBeHidden();
      await page.getByTestId("comments-drawer-toggle").click();
      await expect(comments).toBeVisible();
      await expect(comments).toContainText("Does constructive knowledge suffice?");
      await page.screenshot({ path: screenshotPath(`layout-${width}-comments-drawer`) });
      await page.keyboard.press("Escape");
      await expect(comments).toBeHidden();
    } else {
      await expect(comments).toBeVisible();
    }

    // The More menu holds what the bar has no room for, and closes again.
    const more = page.getByTestId("toolbar-more");
    if (await more.isVisible()) {
      await more.click();
      await expect(page.getByTestId("toolbar-more-panel")).toBeVisible();
      await page.screenshot({ path: screenshotPath(`layout-${width}-more-menu`) });
      await page.keyboard.press("Escape");
      await expect(page.getByTestId("toolbar-more-panel")).toBeHidden();
    }

    await page.screenshot({ path: screenshotPath(`layout-${width}`) });
  });
}

test("at 390px a wide table scrolls in its own box (by keyboard too, where it is read) and a colleague's caret label at the edge does not widen the page", async () => {
  const page = owner.page;
  await page.setViewportSize({ width: 390, height: 900 });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const tableBox = (root: "server-rendered" | "editor") =>
    page
      .getByTestId(root)
      .locator(".tableWrapper")
      .evaluate((wrapper) => ({ scrolls: wrapper.scrollWidth > wrapper.clientWidth }));

  // The server's HTML, as a reader without JavaScript gets it (and everyone before the editor is live).
  const noScript = await owner.context
    .browser()!
    .newContext({ javaScriptEnabled: false, storageState: await owner.context.storageState() });
  const still = await noScript.newPage();
  await still.setViewportSize({ width: 390, height: 900 });
  await still.goto(new URL(tablePath, page.url()).href);
  await expect(still.getByTestId("server-rendered").locator(".tableWrapper table")).toBeVisible();
  expect(await still.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  expect(
    await still
      .getByTestId("server-rendered")
      .locator(".tableWrapper")
      .evaluate((w) => w.scrollWidth > w.clientWidth),
  ).toBe(true);
  // What scrolls can be reached with the keyboard: the wrapper is a labelled, focusable region.
  await expect(still.getByTestId("server-rendered").locator(".tableWrapper")).toHaveAttribute("tabindex", "0");
  await expect(still.getByRole("region", { name: "Table" })).toBeVisible();
  await noScript.close();

  // The same for a reader of the live, read-only editor.
  await reader.page.setViewportSize({ width: 390, height: 900 });
  await reader.page.goto(tablePath);
  await expect(editor(reader.page).locator(".tableWrapper[tabindex='0']")).toBeVisible();
  expect(await reader.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  const scrollableByKeyboard = await new AxeBuilder({ page: reader.page }).withRules(["scrollable-region-focusable"]).analyze();
  expect(scrollableByKeyboard.violations).toEqual([]);

  await page.goto(tablePath);
  await waitForLiveEditor(page);
  expect((await tableBox("editor")).scrolls, "the table is wider than the phone: it scrolls in its box").toBe(true);
  expect(await overflow()).toBeLessThanOrEqual(0);

  // The colleague puts their caret where one of the owner's lines of the paragraph ends furthest
  // right, near the column's edge: the name label starts there and reaches past the screen.
  const lineEnd = await editor(page)
    .locator("p")
    .first()
    .evaluate((paragraph) => {
      const text = paragraph.firstChild as Text;
      const range = document.createRange();
      let best = { offset: 0, right: 0 };
      for (let offset = 0; offset < text.length; offset++) {
        if (text.data[offset] === " ") continue;
        range.setStart(text, offset);
        range.setEnd(text, offset + 1);
        const { right } = range.getBoundingClientRect();
        if (right > best.right) best = { offset: offset + 1, right };
      }
      return best.offset;
    });
  await colleague.page.goto(tablePath);
  await waitForLiveEditor(colleague.page);
  await selectInEditor(colleague.page, LONG_PARAGRAPH, lineEnd, lineEnd);
  const label = editor(page).locator(".collaboration-carets__label");
  await expect(label).toBeVisible();
  const { labelRight, columnRight } = await label.evaluate((element) => ({
    labelRight: element.getBoundingClientRect().right,
    columnRight: element.closest(".ProseMirror")!.getBoundingClientRect().right,
  }));
  expect(labelRight, "the label reaches past the column and the screen (what the test is about)").toBeGreaterThan(
    Math.max(columnRight, 390),
  );
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.screenshot({ path: screenshotPath("layout-390-wide-table") });
});
