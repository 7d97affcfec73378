import { findWikiBySlug } from "@/db/queries/wikis";
import { createThread } from "@/lib/commands/comments";
import { createPage } from "@/lib/commands/pages";
import { seedDemoWiki } from "@/lib/commands/seed-demo";
import { createFirstUser } from "@/lib/commands/users";
import { createWiki } from "@/lib/commands/wikis";
import { pageUrl } from "@/lib/wikis/access";
import { DEMO_WIKI, expect, screenshotPath, test, waitForLiveEditor, type Credentials } from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * Search end to end: Ctrl-K opens the palette inside a wiki (scoped to it), results follow the
 * typing, the arrow keys and Enter open one, and the page lands scrolled to the matched text,
 * marked with the CSS Custom Highlight API; a comment hit opens its thread. Runs against a
 * server of its own (see history.spec.ts for why).
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const OWNER: Credentials = { name: "Christopher Greenwood", email: "greenwood@example.test", password: "self-defence-and-the-charter" };
const PAGE_TITLE = "Knowledge and the harm threshold";
/** Enough paragraphs to push the matched one well below the first screen. */
const FILLER = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} on prevention and reasonable measures.`).join("\n\n");
/** "Saranda" and "minelayers" appear in no demo page, so the search for them has one answer. */
const TARGET =
  "Off Saranda, the minelayers worked in plain view: the Corfu Channel judgment speaks of every State's obligation not to allow knowingly its territory to be used for acts contrary to the rights of other States.";

const own = ownServer("search");
let session: Session;
let pagePath: string;
let otherPagePath: string;
let threadId: string;

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  await own.start();
  const owner = await createFirstUser(OWNER);
  await seedDemoWiki(owner.id);
  const wiki = (await findWikiBySlug(DEMO_WIKI.slug))!;
  const page = await createPage({ wikiId: wiki.id, title: PAGE_TITLE, markdown: `${FILLER}\n\n${TARGET}\n\nClosing paragraph.` }, owner.id);
  pagePath = pageUrl(wiki.slug, page.slug);
  threadId = await createThread({ id: page.id, wikiId: wiki.id }, owner.id, {
    body: "Does the quokka standard apply to cloud providers?",
    anchor: { kind: "page" },
  });
  // A second wiki with a page that also says "Corfu": only "All wikis" shows it.
  const other = await createWiki({ name: "Maritime questions", description: "" }, owner.id);
  const otherPage = await createPage(
    { wikiId: other.id, title: "Straits passage", markdown: "Innocent passage through the Corfu strait." },
    owner.id,
  );
  otherPagePath = pageUrl(other.slug, otherPage.slug);
  session = await own.signIn(browser, "page", OWNER);
});

test("Ctrl-K opens the palette scoped to this wiki; results follow the typing; Enter lands on the marked text", async () => {
  const { page } = session;
  await page.goto(`/w/${DEMO_WIKI.slug}`);
  await page.waitForURL((url) => url.pathname.startsWith(`/w/${DEMO_WIKI.slug}/`));
  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("search-palette");
  await expect(palette).toBeVisible();
  const box = palette.getByRole("combobox", { name: "Search pages and comments" });
  await expect(box).toBeFocused();
  await expect(palette.getByRole("button", { name: "This wiki" })).toHaveAttribute("aria-pressed", "true");

  // Results appear while typing, with no Enter: half a word is enough.
  await box.pressSequentially("minela", { delay: 40 });
  const options = palette.getByRole("option");
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText(PAGE_TITLE);
  await expect(options.first().locator("mark").first()).toHaveText(/^minelayers$/i);
  await box.pressSequentially("yers Saranda", { delay: 20 });
  await expect(options).toHaveCount(1);
  // The same page was already listed for "minela": wait until the list is the answer to the whole
  // query (its snippet marks Saranda first), or Enter would follow the earlier answer.
  await expect(options.first().locator("mark").first()).toHaveText(/^Saranda$/);
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await page.screenshot({ path: screenshotPath("search-palette") });

  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname === pagePath);
  // The snippet's first mark is what the page marks.
  expect(new URL(page.url()).searchParams.get("highlight")).toBe("Saranda");
  await expect(palette).toHaveCount(0);
  await waitForLiveEditor(page);
  await expectMarkedInView(page, "Saranda");
  await page.screenshot({ path: screenshotPath("search-landed") });
});

test("the arrow keys move through results; All wikis widens; Escape closes", async () => {
  const { page } = session;
  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("search-palette");
  const box = palette.getByRole("combobox");
  await box.fill("Corfu");
  const options = palette.getByRole("option");
  // In this wiki: the demo pages and the test page, never the other wiki's page.
  await expect(options.first()).toBeVisible();
  await expect(palette).not.toContainText("Straits passage");
  await palette.getByRole("button", { name: "All wikis" }).click();
  await expect(palette.getByRole("option").filter({ hasText: "Straits passage" })).toHaveCount(1);
  await palette.getByRole("button", { name: "Pages" }).click();
  // Wait for the narrowed results, or they could arrive after the arrow key below and reset it.
  await expect(palette.getByRole("listbox")).toHaveAttribute("data-results-for", /kind=pages/);
  await box.focus();
  const count = await options.count();
  expect(count).toBeGreaterThan(1);
  await expect(options.nth(0)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowDown");
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await options.nth(1).getAttribute("id"))!);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(options.nth(count - 1)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Escape");
  await expect(palette).toHaveCount(0);
  expect(otherPagePath).toMatch(/^\/w\/maritime-questions\//);
});

test("clicking a comment hit opens the page with its thread focused", async () => {
  const { page } = session;
  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("search-palette");
  await palette.getByRole("button", { name: "Comments" }).click();
  await palette.getByRole("combobox").fill("quokka");
  const hit = palette.getByRole("option").filter({ hasText: "quokka" });
  await expect(hit).toHaveCount(1);
  await hit.click();
  await page.waitForURL((url) => url.pathname === pagePath && url.searchParams.get("thread") === threadId);
  await expect(page.getByText("Does the quokka standard apply to cloud providers?")).toBeVisible();
});

/** The search highlight covers exactly `text` and is on screen. */
async function expectMarkedInView(page: import("@playwright/test").Page, text: string): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const highlight = CSS.highlights.get("search-hit");
        const range = highlight ? ([...highlight][0] as Range | undefined) : undefined;
        if (!range) return null;
        const rect = range.getBoundingClientRect();
        const editor = document.querySelector('[data-testid="editor"]');
        return {
          text: range.toString(),
          inView: rect.top >= 0 && rect.bottom <= window.innerHeight,
          inEditor: !!editor?.contains(range.startContainer),
        };
      }),
    )
    .toEqual({ text: expect.stringMatching(new RegExp(`^${text}$`, "i")), inView: true, inEditor: true });
}
