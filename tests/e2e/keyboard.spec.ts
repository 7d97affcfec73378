import type { Locator, Page } from "@playwright/test";
import { seedDemoWiki } from "@/lib/commands/seed-demo";
import { createFirstUser } from "@/lib/commands/users";
import { DEMO_WIKI, editor, expect, test, waitForLiveEditor, type Credentials } from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * A team's first hour without a mouse: every step below is done with Tab, Enter, arrows, Escape
 * and shortcuts only. A new page is created from the sidebar, a source is cited from the Cite source
 * dialog, the export menu is opened, search runs from Ctrl+K, and on a narrow screen the pages
 * drawer and the toolbar's More menu open and close. Dialogs close on Escape and give the focus
 * back to what opened them.
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const OWNER: Credentials = { name: "Philip Jessup", email: "jessup@example.test", password: "keyboard-only-please" };
const TITLE = "Attribution of cyber operations";

const own = ownServer("keyboard");
let owner: Session;

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  await own.start();
  const first = await createFirstUser(OWNER);
  await seedDemoWiki(first.id);
  owner = await own.signIn(browser, "owner", OWNER);
});

/** Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  await expect(target, `reachable with ${backwards ? "Shift+Tab" : "Tab"} within ${max} presses`).toBeFocused();
}

test("a new page, created from the sidebar with Tab and Enter", async () => {
  const page = owner.page;
  await page.goto(`/w/${DEMO_WIKI.slug}`);
  await waitForLiveEditor(page);
  await tabTo(page, page.getByRole("link", { name: "+ New page" }));
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/new$/);
  // The title field has the focus on arrival.
  await expect(page.getByRole("textbox", { name: "Title", exact: true })).toBeFocused();
  await page.keyboard.type(TITLE);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("page-title")).toHaveText(TITLE);
  await waitForLiveEditor(page);
});

test("a citation, inserted from the Cite source dialog with the keyboard only", async () => {
  const page = owner.page;
  // From the top of the freshly loaded page, Tab reaches the text (past the toolbar).
  await page.reload();
  await waitForLiveEditor(page);
  await tabTo(page, editor(page), { max: 120 });
  await page.keyboard.type("States must not knowingly allow harm.");

  const open = page.getByTestId("cite-source-button");
  await tabTo(page, open, { backwards: true });
  await page.keyboard.press("Enter");
  const dialog = page.getByTestId("cite-source-dialog");
  await expect(dialog.getByTestId("cite-source-search")).toBeFocused();
  // Escape closes it and gives the focus back to the button.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  await page.keyboard.press("Enter");
  await page.keyboard.type("Corfu");
  await page.keyboard.press("ArrowDown");
  await expect(dialog.getByRole("option", { selected: true })).toContainText("Corfu");
  await page.keyboard.press("Enter");
  await expect(dialog.getByTestId("cite-source-pinpoint")).toBeFocused();
  await page.keyboard.type("22");
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(editor(page).locator("sup.citation")).toHaveCount(1);
  await expect(page.getByTestId("footnotes").locator("li")).toContainText(["Corfu Channel"]);
  // The focus is back in the text, after the citation: typing goes on there.
  await expect(editor(page)).toBeFocused();
});

test("the export menu opens with Enter and its formats are reachable with Tab", async () => {
  const page = owner.page;
  // The page's own menu (the sidebar has the wiki's).
  const menu = page.getByRole("main").getByTestId("export-menu");
  const summary = menu.locator("summary");
  await tabTo(page, summary, { backwards: true });
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("open", "");
  await page.keyboard.press("Tab");
  await expect(menu.getByRole("link", { name: /Word \(\.docx\)/ })).toBeFocused();
});

test("search opens with Ctrl+K, a result opens with the arrows and Enter, Escape gives the focus back", async () => {
  const page = owner.page;
  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("search-palette");
  const field = palette.getByRole("combobox");
  await expect(field).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(palette).toBeHidden();
  await expect(page.getByRole("button", { name: /Search/ })).toBeFocused();

  await page.keyboard.press("Control+k");
  await page.keyboard.type("voluntary norm");
  await expect(palette.getByRole("option").first()).toBeVisible();
  // Tab stays inside the open palette.
  for (let i = 0; i < 12; i++) await page.keyboard.press("Tab");
  await expect(palette.locator(":focus")).toHaveCount(1);
  await field.focus();
  await page.keyboard.press("ArrowDown");
  const chosen = (await palette.getByRole("option", { selected: true }).textContent()) ?? "";
  await page.keyboard.press("Enter");
  // The chosen result's page opens (which page ranks first is search's business).
  await expect(palette).toBeHidden();
  await expect.poll(async () => chosen.includes((await page.getByTestId("page-title").textContent()) ?? "\u0000")).toBe(true);
  await expect(page.getByTestId("page-title")).not.toHaveText(TITLE);
});

test("on a phone-sized screen the pages drawer and the toolbar's More menu work from the keyboard", async () => {
  const page = owner.page;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await waitForLiveEditor(page);

  const pagesButton = page.getByTestId("pages-button");
  const drawer = page.getByTestId("wiki-sidebar");
  await tabTo(page, pagesButton);
  await page.keyboard.press("Enter");
  await expect(drawer).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(drawer.locator(":focus")).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(pagesButton).toBeFocused();

  const more = page.getByTestId("toolbar-more");
  const panel = page.getByTestId("toolbar-more-panel");
  await tabTo(page, more);
  await page.keyboard.press("Enter");
  await expect(panel).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(panel.locator(":focus")).toHaveCount(1);
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(more).toBeFocused();
});
