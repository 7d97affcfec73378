import { listPages } from "@/db/queries/pages";
import { findWikiBySlug } from "@/db/queries/wikis";
import { createPage } from "@/lib/commands/pages";
import { seedDemoWiki } from "@/lib/commands/seed-demo";
import { createFirstUser } from "@/lib/commands/users";
import { addMember } from "@/lib/commands/wikis";
import { pageUrl } from "@/lib/wikis/access";
import { makeUser } from "../helpers/fixtures";
import {
  DEMO_WIKI,
  editor,
  expect,
  placeCaret,
  screenshotPath,
  test,
  typeAtEnd,
  waitForLiveEditor,
  type Credentials,
} from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * Finding and citing, end to end in Chromium: an editor types `[[`, picks a page from the picker
 * and follows the link, where "Linked from" lists the page they came from; a link to a page that
 * does not exist yet offers to create it; "copy link to paragraph" gives an address that a second
 * person opens at that paragraph, highlighted; "Cite" gives a citation and a permalink to a fixed
 * version. Runs against a server of its own (see history.spec.ts for why).
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const OWNER: Credentials = { name: "Georges Abi-Saab", email: "georges@example.test", password: "wiki-links-and-citations" };
const SCRATCH = "Working notes on links";
const TARGET = "The UN consensus: a voluntary norm";

const own = ownServer("links", { COMPACT_IDLE_MS: "200" });
let a: Session;
/** A second editor: edits around linked paragraphs, opens copied links and permalinks. */
let b: Session;
let scratchPath: string;
let targetPath: string;
let ownerId: string;

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  await own.start();
  const owner = await createFirstUser(OWNER);
  ownerId = owner.id;
  await seedDemoWiki(owner.id);
  const wiki = (await findWikiBySlug(DEMO_WIKI.slug))!;
  const colleague = await makeUser("Monique Chemillier-Gendreau");
  await addMember(wiki.id, colleague.email, "editor", owner.id);
  const scratch = await createPage({ wikiId: wiki.id, title: SCRATCH, markdown: "Notes start here." }, owner.id);
  scratchPath = pageUrl(wiki.slug, scratch.slug);
  targetPath = pageUrl(wiki.slug, (await listPages(wiki.id)).find((p) => p.title === TARGET)!.slug);
  const clipboard = { permissions: ["clipboard-read", "clipboard-write"] };
  a = await own.signIn(browser, "editor", OWNER, clipboard);
  b = await own.signIn(browser, "second-editor", { ...colleague }, clipboard);
});

test("typing [[ opens a page picker; the chosen link is followed and the target lists the page it came from", async () => {
  await a.page.goto(scratchPath);
  await waitForLiveEditor(a.page);
  await typeAtEnd(a.page, "The GGE wording is discussed in [[consens");
  const picker = a.page.getByTestId("wiki-link-picker");
  await expect(picker).toBeVisible();
  await expect(picker.getByRole("option").first()).toHaveText(TARGET);
  await a.page.screenshot({ path: screenshotPath("links-picker") });
  await a.page.keyboard.press("Enter");
  await expect(picker).toBeHidden();
  const link = editor(a.page).locator("a.wiki-link", { hasText: TARGET });
  await expect(link).toBeVisible();
  await a.page.keyboard.type("and nowhere else.");
  await expect(a.page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");

  await link.click();
  await a.page.waitForURL((url) => url.pathname === targetPath);
  await expect(a.page.getByTestId("page-title")).toHaveText(TARGET);
  // Backlinks follow compaction (a fraction of a second here): reload until the link is listed.
  await expect(async () => {
    await a.page.reload();
    await expect(a.page.getByTestId("backlinks").getByRole("link", { name: SCRATCH })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(a.page.getByTestId("backlinks")).toContainText(`The GGE wording is discussed in ${TARGET} and nowhere else.`);
  await a.page.getByTestId("backlinks").scrollIntoViewIfNeeded();
  await a.page.screenshot({ path: screenshotPath("links-backlinks"), fullPage: false });

  // Deleting the page would break that link: the confirmation says so first.
  await a.page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(a.page.getByTestId("delete-linked-from")).toContainText(SCRATCH);
  await a.page.getByRole("button", { name: "Delete", exact: true }).click();
});

test("a link to a page that does not exist yet reads as missing and offers to create it", async () => {
  await a.page.goto(scratchPath);
  await waitForLiveEditor(a.page);
  await typeAtEnd(a.page, "Still to write: [[Attribution and knowledge");
  const picker = a.page.getByTestId("wiki-link-picker");
  await expect(picker.getByRole("option").last()).toContainText("Link to a new page “Attribution and knowledge”");
  await picker.getByRole("option").last().click();
  const missing = editor(a.page).locator("a.wiki-link-missing", { hasText: "Attribution and knowledge" });
  await expect(missing).toBeVisible();
  await missing.click();
  await a.page.waitForURL((url) => url.pathname.endsWith("/new") && url.searchParams.get("title") === "Attribution and knowledge");
  await expect(a.page.getByLabel("Title", { exact: true })).toHaveValue("Attribution and knowledge");
});

test("block ids survive other people's edits in and around the block", async () => {
  await a.page.goto(targetPath);
  const liveA = await waitForLiveEditor(a.page);
  await b.page.goto(targetPath);
  const liveB = await waitForLiveEditor(b.page);
  // A top-level paragraph (splitting a list item at its very start hands the id to the new, empty
  // item: Tiptap's UniqueID keeps ids with the text only for sibling textblocks).
  const paragraph = liveA.locator(":scope > p[data-id]").first();
  const id = await paragraph.getAttribute("data-id");
  const before = (await paragraph.innerText()).trim();
  // The second editor types at the start of that paragraph, then writes a new paragraph above it.
  const inB = liveB.locator(`[data-id="${id}"]`);
  await placeCaret(inB, "start");
  await b.page.keyboard.type("Inserted by a colleague. ");
  const heading = liveB.locator("h2").first();
  await placeCaret(heading, "end");
  await b.page.keyboard.press("Enter");
  await b.page.keyboard.type("A new paragraph above.");
  await expect(b.page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
  const moved = liveA.locator(`[data-id="${id}"]`);
  await expect(moved).toContainText("Inserted by a colleague.");
  await expect(moved).toContainText(before.slice(0, 40));
  await expect(moved.locator("xpath=preceding-sibling::p[1]")).toContainText("A new paragraph above.");
  // Every block still has an id of its own, in both replicas.
  for (const live of [liveA, liveB]) {
    const ids = await live.locator("[data-id]").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-id")));
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  }
});

test("copy link to paragraph: a second person opens it at that paragraph, highlighted", async () => {
  await a.page.goto(targetPath);
  const live = await waitForLiveEditor(a.page);
  const paragraph = live.locator("p[data-id]").nth(3);
  const text = (await paragraph.innerText()).trim();
  await paragraph.hover();
  const button = a.page.getByTestId("copy-block-link");
  await expect(button).toBeVisible();
  const blockId = await paragraph.getAttribute("data-id");
  await expect(button).toHaveAttribute("data-block-id", blockId!);
  await button.click();
  const copied = await a.page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`${own.state.url}${targetPath}#block-${blockId}`);

  await b.page.setViewportSize({ width: 1280, height: 600 });
  await b.page.goto(copied);
  const target = editor(b.page).locator(`[data-id="${blockId}"]`);
  await expect(target).toHaveText(text);
  await expect(target).toBeInViewport();
  await expect(target).toHaveCSS("background-color", "rgb(254, 243, 199)");
  await b.page.screenshot({ path: screenshotPath("links-paragraph-target") });
});

test("Cite gives a citation and a permalink to a fixed version, which opens with a banner to the current page", async () => {
  await a.page.goto(targetPath);
  const live = await waitForLiveEditor(a.page);
  // Put the cursor in the second paragraph and cite it.
  await placeCaret(live.locator("p[data-id]").nth(1), "end");
  await a.page.getByTestId("cite-button").click();
  const dialog = a.page.getByTestId("cite-dialog");
  await dialog.getByLabel("Cite the paragraph at the cursor").check();
  await expect(a.page.getByTestId("citation-text")).toHaveAttribute(
    "data-citation",
    new RegExp(`^Opinio wiki \\*${DEMO_WIKI.name}\\*, '${TARGET}' \\(version \\d+, \\d{1,2} [A-Z][a-z]+ \\d{4}\\), para 2$`),
  );
  await a.page.screenshot({ path: screenshotPath("links-cite") });
  const permalink = await a.page.getByTestId("permalink").inputValue();
  expect(permalink).toMatch(new RegExp(`${targetPath}/history/\\d+#block-[a-z0-9]+$`));

  await b.page.goto(permalink);
  await expect(b.page.getByTestId("version-banner")).toContainText("Go to the current page");
  const blockId = permalink.split("#block-")[1];
  await expect(b.page.locator(`[data-id="${blockId}"]`)).toBeInViewport();
  await b.page.getByTestId("version-banner").getByRole("link", { name: "Go to the current page" }).click();
  await b.page.waitForURL((url) => url.pathname === targetPath);
});

test("an empty Linked from tells those who may write how to link here, and readers only that nothing does", async ({ browser }) => {
  const wiki = (await findWikiBySlug(DEMO_WIKI.slug))!;
  const empty = await createPage({ wikiId: wiki.id, title: "Nothing links here" }, ownerId);
  const reader = await makeUser("Prosper Weil");
  await addMember(wiki.id, reader.email, "viewer", ownerId);
  const path = pageUrl(wiki.slug, empty.slug);

  await a.page.goto(path);
  await expect(a.page.getByTestId("backlinks")).toContainText("No page links here yet. Type [[ in another page to link to this one.");
  const viewer = await own.signIn(browser, "viewer", reader);
  await viewer.page.goto(path);
  await expect(viewer.page.getByTestId("backlinks")).toContainText("No page links here yet.");
  await expect(viewer.page.getByTestId("backlinks")).not.toContainText("Type [[");
});
