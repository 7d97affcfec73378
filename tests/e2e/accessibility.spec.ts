import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { listPages } from "@/db/queries/pages";
import { listSources } from "@/db/queries/sources";
import { findWikiBySlug } from "@/db/queries/wikis";
import { createThread, replyToThread } from "@/lib/commands/comments";
import { createPage, trashPage } from "@/lib/commands/pages";
import { seedDemoWiki } from "@/lib/commands/seed-demo";
import { createFirstUser } from "@/lib/commands/users";
import { addMember, createWiki } from "@/lib/commands/wikis";
import { pageUrl } from "@/lib/wikis/access";
import { makeUser } from "../helpers/fixtures";
import { DEMO_WIKI, expect, test, waitForLiveEditor, type Credentials } from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * Every main screen, checked by axe-core (WCAG 2.1 A and AA rules and axe's best practices) in
 * Chromium: none may have a serious or critical violation. The demo wiki is seeded; the owner sees
 * the editing screens, a viewer the read-only page. Each screen is checked softly, so one run lists
 * every screen's problems, and each violation is printed with the elements it was found on.
 */
test.describe.configure({ mode: "serial", timeout: 180_000 });

const OWNER: Credentials = { name: "Antonio Cassese", email: "cassese@example.test", password: "accessible-to-everyone" };

const own = ownServer("accessibility");
let owner: Session;
let viewer: Session;
let strandPath: string;
let wikiSlug: string;
let sourcePath: string;
let emptyWikiSlug: string;

/** A screen to check: where it is, and what to wait for before checking it. */
type Screen = { name: string; path: string; ready?: (page: Page) => Promise<void> };

const liveEditor = async (page: Page) => void (await waitForLiveEditor(page));

/** axe's findings on the page as it is now, serious and critical ones only. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  return results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

/**
 * One line per element a violation was found on: the rule, the element's selector and its HTML,
 * and axe's summary of what is wrong, so a failure reads without opening the report.
 */
function describe(violations: Awaited<ReturnType<typeof seriousViolations>>): string[] {
  return violations.flatMap((v) =>
    v.nodes.map(
      (n) => `${v.impact} ${v.id} at ${n.target.join(" ")}: ${n.html.slice(0, 160)} — ${(n.failureSummary ?? v.help).replace(/\s+/g, " ")}`,
    ),
  );
}

/** Visits each screen and checks it softly; prints a count per screen, for the record. */
async function checkScreens(page: Page, screens: Screen[]) {
  for (const screen of screens) {
    await page.goto(screen.path);
    await screen.ready?.(page);
    const violations = await seriousViolations(page);
    console.log(
      `axe ${screen.name}: ${violations.length} serious/critical rule(s)${violations.length ? ` — ${violations.map((v) => `${v.id}×${v.nodes.length}`).join(", ")}` : ""}`,
    );
    expect.soft(describe(violations), `${screen.name} (${screen.path})`).toEqual([]);
  }
}

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  await own.start();
});

test("setup and sign-in screens", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: own.state.url });
  const page = await context.newPage();
  await checkScreens(page, [
    { name: "setup", path: "/setup", ready: (p) => expect(p.getByRole("button", { name: /create/i })).toBeVisible() },
  ]);

  // Now the wiki gets its people and data.
  const first = await createFirstUser(OWNER);
  await seedDemoWiki(first.id);
  const demo = (await findWikiBySlug(DEMO_WIKI.slug))!;
  wikiSlug = demo.slug;
  const pages = await listPages(demo.id);
  const strand = pages.find((p) => p.title === "The UN consensus: a voluntary norm")!;
  strandPath = pageUrl(demo.slug, strand.slug);
  sourcePath = `/w/${demo.slug}/sources/${(await listSources(demo.id))[0].id}`;
  const reader = await makeUser("Georges Abi-Saab");
  await addMember(demo.id, reader.email, "viewer", first.id);
  const colleague = await makeUser("Rosalyn Higgins");
  await addMember(demo.id, colleague.email, "editor", first.id);
  // A thread with a reply gives the owner's inbox an entry and the page a comment card.
  const threadId = await createThread({ id: strand.id, wikiId: demo.id }, first.id, {
    body: "Is the 2021 report any firmer?",
    anchor: { kind: "page" },
  });
  await replyToThread({ id: strand.id, wikiId: demo.id }, threadId, colleague.id, "No: it keeps the voluntary wording.");
  // The trash gets something to list.
  await trashPage((await createPage({ wikiId: demo.id, title: "Draft to discard", markdown: "Nothing yet." }, first.id)).id, first.id);
  emptyWikiSlug = (await createWiki({ name: "Empty research question", description: "" }, first.id)).slug;

  await checkScreens(page, [
    { name: "sign-in", path: "/signin", ready: (p) => expect(p.getByRole("button", { name: "Sign in" })).toBeVisible() },
  ]);
  await context.close();

  owner = await own.signIn(browser, "owner", OWNER);
  viewer = await own.signIn(browser, "viewer", reader);
});

test("the owner's screens of a page", async () => {
  const history = `${strandPath}/history`;
  await checkScreens(owner.page, [
    { name: "home", path: "/" },
    { name: "wiki without pages", path: `/w/${emptyWikiSlug}` },
    { name: "strand page (editing)", path: strandPath, ready: liveEditor },
    { name: "history", path: history, ready: (p) => expect(p.getByRole("heading", { level: 1 })).toBeVisible() },
    { name: "compare", path: `${strandPath}/compare?from=1&toCurrent=1` },
    { name: "version", path: `${history}/1` },
    { name: "who wrote this", path: `${strandPath}/attribution` },
  ]);
});

test("the owner's screens of the wiki", async () => {
  await checkScreens(owner.page, [
    { name: "argument map", path: `/w/${wikiSlug}/map`, ready: (p) => expect(p.locator(".react-flow__node").first()).toBeVisible() },
    { name: "sources", path: `/w/${wikiSlug}/sources` },
    { name: "a source", path: sourcePath },
    { name: "search", path: `/search?q=due+diligence` },
    { name: "open comments", path: `/w/${wikiSlug}/comments` },
    { name: "recent changes", path: `/w/${wikiSlug}/changes` },
    { name: "new page", path: `/w/${wikiSlug}/new` },
  ]);
});

test("the owner's screens of people and administration", async () => {
  await checkScreens(owner.page, [
    { name: "members", path: `/w/${wikiSlug}/members` },
    { name: "settings", path: "/settings" },
    { name: "inbox", path: "/inbox" },
    { name: "audit", path: `/w/${wikiSlug}/audit` },
    { name: "trash", path: `/w/${wikiSlug}/trash` },
    { name: "404", path: `/w/${wikiSlug}/no-such-page` },
  ]);
});

test("the owner's open dialogs: search palette, cite source, export menu", async () => {
  const page = owner.page;
  await page.goto(strandPath);
  await waitForLiveEditor(page);
  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("search-palette");
  await palette.getByRole("combobox").fill("corfu");
  await expect(palette.getByRole("option").first()).toBeVisible();
  expect.soft(describe(await seriousViolations(page)), "search palette").toEqual([]);
  await page.keyboard.press("Escape");

  await page.getByTestId("cite-source-button").click();
  await expect(page.getByTestId("cite-source-dialog")).toBeVisible();
  expect.soft(describe(await seriousViolations(page)), "cite source dialog").toEqual([]);
  await page.keyboard.press("Escape");

  const exportMenu = page.getByRole("main").getByTestId("export-menu");
  await exportMenu.locator("summary").click();
  await expect(exportMenu.getByRole("link").first()).toBeVisible();
  expect.soft(describe(await seriousViolations(page)), "export menu").toEqual([]);
});

test("on a phone-sized screen: the pages drawer, the comments drawer and the toolbar's More menu", async () => {
  const page = owner.page;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(strandPath);
  await waitForLiveEditor(page);
  expect.soft(describe(await seriousViolations(page)), "strand page at 390px").toEqual([]);
  await page.getByTestId("pages-button").click();
  await expect(page.getByTestId("wiki-sidebar")).toBeVisible();
  expect.soft(describe(await seriousViolations(page)), "pages drawer").toEqual([]);
  await page.keyboard.press("Escape");
  await page.getByTestId("comments-drawer-toggle").click();
  await expect(page.getByTestId("comments-panel")).toBeVisible();
  expect.soft(describe(await seriousViolations(page)), "comments drawer").toEqual([]);
  await page.keyboard.press("Escape");
  await page.getByTestId("toolbar-more").click();
  await expect(page.getByTestId("toolbar-more-panel")).toBeVisible();
  expect.soft(describe(await seriousViolations(page)), "toolbar More menu").toEqual([]);
  await page.setViewportSize({ width: 1280, height: 860 });
});

test("the viewer's screens", async () => {
  await checkScreens(viewer.page, [
    { name: "strand page (read only)", path: strandPath, ready: liveEditor },
    { name: "history (viewer)", path: `${strandPath}/history` },
    { name: "members (viewer)", path: `/w/${wikiSlug}/members` },
  ]);
});
