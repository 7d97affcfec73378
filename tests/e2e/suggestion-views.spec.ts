import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { pageUrl } from "@/lib/wikis/access";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { expect, screenshotPath, selectInEditor, test, waitForLiveEditor } from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * Issue 19, point 5 in a real browser: with a suggestion pending, the suggestions panel leads to
 * the page read as if every suggestion were accepted, from there to the page without them, and
 * back to the live page with its suggestions.
 */
test.describe.configure({ mode: "serial" });

type TestUser = Awaited<ReturnType<typeof makeUser>>;
const own = ownServer("suggestion-views");
let owner: TestUser;
let reviewer: TestUser;
let path: string;
let ownerSession: Session;
let reviewerSession: Session;

test.beforeAll(async ({ browser }) => {
  await own.start();
  owner = await makeUser("Olive Owner");
  reviewer = await makeUser("Rhea Reviewer");
  const { wiki, page } = await makeWikiWithMembers(owner, [{ user: reviewer, role: "reviewer" }], "The obligation is binding on States.");
  path = pageUrl(wiki.slug, page.slug);
  ownerSession = await own.signIn(browser, "owner", owner);
  reviewerSession = await own.signIn(browser, "reviewer", reviewer);
});

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("from the suggestions panel to the page as if accepted, without suggestions, and back", async () => {
  const { page: reviewerPage } = reviewerSession;
  await reviewerPage.goto(path);
  const reviewerEditor = await waitForLiveEditor(reviewerPage);
  await selectInEditor(reviewerPage, "binding");
  await reviewerPage.keyboard.type("emerging");
  await expect(reviewerEditor.locator("ins.suggestion-insert")).toHaveText("emerging");
  await expect(reviewerPage.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");

  const { page } = ownerSession;
  await page.goto(path);
  await waitForLiveEditor(page);
  await expect(page.getByTestId("suggestion-card")).toHaveCount(1);
  await page.screenshot({ path: screenshotPath("suggestion-view-panel-link"), fullPage: true });
  await page.getByTestId("suggestions-view-accepted").click();

  await expect(page).toHaveURL(/\?view=accepted$/);
  await expect(page.getByTestId("suggestion-view-banner")).toContainText("as if all its suggestions were accepted (1 pending suggestion)");
  await expect(page.getByTestId("suggestion-view-content")).toHaveText("The obligation is emerging on States.");
  await expect(page.getByTestId("suggestion-view-content").locator("ins, del")).toHaveCount(0);
  await page.screenshot({ path: screenshotPath("suggestion-view-accepted"), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole("link", { name: "Read it without suggestions" }).click();
  await expect(page).toHaveURL(/\?view=without-suggestions$/);
  await expect(page.getByTestId("suggestion-view-content")).toHaveText("The obligation is binding on States.");
  await page.screenshot({ path: screenshotPath("suggestion-view-without"), fullPage: true });

  await page.getByTestId("suggestion-view-back").click();
  const editor = await waitForLiveEditor(page);
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(editor.locator("ins.suggestion-insert")).toHaveText("emerging");
});
