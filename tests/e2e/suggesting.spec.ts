import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { pageUrl } from "@/lib/wikis/access";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { expect, screenshotPath, selectInEditor, test, waitForLiveEditor } from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * Issue 19 in a real browser, as two people: a reviewer proposes a replacement in Suggesting mode
 * (it is all a reviewer can do), the editor sees the suggestion live, in the text and as a card,
 * and accepts it; the reviewer's page then reads the accepted text with no marks left.
 */
test.describe.configure({ mode: "serial" });

type TestUser = Awaited<ReturnType<typeof makeUser>>;
const own = ownServer("suggesting");
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

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(`suggesting-${name}`), fullPage: true });
}

/** The editor's text as its readers see it, without other people's caret labels. */
function bodyText(page: Page): Promise<string> {
  return page.getByTestId("editor").evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
    return copy.textContent ?? "";
  });
}

test("a reviewer suggests a replacement, the editor sees it live and accepts it, the reviewer sees it accepted", async () => {
  const { page: reviewerPage } = reviewerSession;
  const { page: ownerPage } = ownerSession;
  await reviewerPage.goto(path);
  const reviewerEditor = await waitForLiveEditor(reviewerPage);
  // A reviewer always suggests, and the toolbar says so.
  await expect(reviewerPage.getByTestId("suggesting-locked")).toHaveText("Suggesting");
  await expect(reviewerPage.getByText("Read only")).toHaveCount(0);

  await ownerPage.goto(path);
  const ownerEditor = await waitForLiveEditor(ownerPage);
  await expect(ownerPage.getByTestId("suggesting-switch")).toBeVisible();

  // The reviewer replaces "binding" with "emerging".
  await selectInEditor(reviewerPage, "binding");
  await reviewerPage.keyboard.type("emerging");
  await expect(reviewerEditor.locator("del.suggestion-delete")).toHaveText("binding");
  await expect(reviewerEditor.locator("ins.suggestion-insert")).toHaveText("emerging");
  await expect(reviewerPage.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
  await shot(reviewerPage, "reviewer-suggested");

  // The editor sees it in the text, with the suggester's name on hover, and as a card.
  await expect(ownerEditor.locator("del.suggestion-delete")).toHaveText("binding");
  await expect(ownerEditor.locator("ins.suggestion-insert")).toHaveText("emerging");
  // (A decoration: ProseMirror draws it as a span inside the mark's element.)
  await expect(ownerEditor.locator('ins.suggestion-insert [title*="Rhea Reviewer"]')).toHaveText("emerging");
  const card = ownerPage.getByTestId("suggestion-card");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("Replace");
  await expect(card).toContainText("emerging");
  await expect(card).toContainText("Rhea Reviewer");
  await shot(ownerPage, "editor-sees-card");
  const violations = (await new AxeBuilder({ page: ownerPage }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze()).violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  // The reviewer may not decide: no Accept on their card, only Withdraw.
  await expect(reviewerPage.getByTestId("suggestion-card").getByRole("button", { name: "Accept" })).toHaveCount(0);
  await expect(reviewerPage.getByTestId("suggestion-card").getByRole("button", { name: "Withdraw" })).toBeVisible();

  await card.getByRole("button", { name: "Accept" }).click();
  await expect(ownerPage.getByTestId("suggestion-card")).toHaveCount(0);
  await expect.poll(() => bodyText(ownerPage)).toBe("The obligation is emerging on States.");
  await expect(ownerEditor.locator("ins, del")).toHaveCount(0);

  // Everyone's document changed at once: the reviewer's too.
  await expect.poll(() => bodyText(reviewerPage)).toBe("The obligation is emerging on States.");
  await expect(reviewerEditor.locator("ins, del")).toHaveCount(0);
  await expect(reviewerPage.getByTestId("suggestion-card")).toHaveCount(0);
  await shot(reviewerPage, "reviewer-sees-accepted");
});

test("formatting is refused while Suggesting, with a message saying so", async () => {
  const { page } = reviewerSession;
  await page.goto(path);
  const editor = await waitForLiveEditor(page);
  await selectInEditor(page, "obligation");
  await page.keyboard.press("Control+b");
  await expect(page.getByTestId("paste-notice")).toContainText("Formatting cannot be changed while Suggesting");
  await expect(editor.locator("strong")).toHaveCount(0);
});
