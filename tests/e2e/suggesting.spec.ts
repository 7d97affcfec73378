import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createThread } from "@/lib/commands/comments";
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
  // Formatting is not tracked, so its buttons are off while Suggesting, and say why; the reviewer's text is.
  const reviewerBold = reviewerPage.getByTestId("editor-toolbar").getByRole("button", { name: "Bold" });
  await expect(reviewerBold).toBeDisabled();
  await expect(reviewerBold).toHaveAttribute("title", /Off while Suggesting/);

  await ownerPage.goto(path);
  const ownerEditor = await waitForLiveEditor(ownerPage);
  await expect(ownerPage.getByTestId("suggesting-switch")).toBeVisible();
  // An editor's buttons are on while Editing.
  await expect(ownerPage.getByTestId("editor-toolbar").getByRole("button", { name: "Bold" })).toBeEnabled();

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

test("text copied with someone's suggestions pastes as the paster's own text, in Editing mode too", async () => {
  const { page } = ownerSession;
  const created = await makeWikiWithMembers(owner, [{ user: reviewer, role: "reviewer" }], "The obligation is binding on States.");
  await page.goto(pageUrl(created.wiki.slug, created.page.slug));
  const editor = await waitForLiveEditor(page);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
  await selectInEditor(page, "States");
  // As the clipboard brings it from another page, where the reviewer had suggested "cyber".
  await editor.evaluate((root, authorId) => {
    const data = new DataTransfer();
    data.setData(
      "text/html",
      `<p>pasted <ins data-suggestion="elsewhere1" data-author="${authorId}" data-created="2026-12-04T07:00:00.000Z">cyber</ins> text</p>`,
    );
    data.setData("text/plain", "pasted cyber text");
    root.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, reviewer.id);
  await expect.poll(() => bodyText(page)).toBe("The obligation is binding on pasted cyber text.");
  await expect(editor.locator("ins, del")).toHaveCount(0);
  // Kept by the server, not refused as a suggestion forged in the reviewer's name.
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
  await page.waitForTimeout(500);
  await expect(page.getByTestId("paste-notice")).toHaveCount(0);
  await page.reload();
  await waitForLiveEditor(page);
  await expect.poll(() => bodyText(page)).toBe("The obligation is binding on pasted cyber text.");
});

/** The side panel's cards, top to bottom: a thread by its quote, a suggestion as "suggestion". */
function panelOrder(page: Page): Promise<string[]> {
  return page
    .getByTestId("thread-list")
    .evaluate((list) =>
      [...list.querySelectorAll<HTMLElement>("[data-testid=thread-card], [data-testid=suggestion-card]")].map((card) =>
        card.dataset.testid === "suggestion-card" ? "suggestion" : (card.querySelector("[data-testid=thread-quote]")?.textContent ?? ""),
      ),
    );
}

async function panelViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .include("[data-testid=comments-panel]")
    .withTags(["wcag2a", "wcag2aa", "wcag21aa"])
    .analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("the suggestion's card sits between the threads around it, takes replies that reach the suggester live, and its thread stays readable once accepted", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const editorUser = await makeUser("Eddie Editor");
  const { wiki, page: strand } = await makeWikiWithMembers(
    owner,
    [
      { user: reviewer, role: "reviewer" },
      { user: editorUser, role: "editor" },
    ],
    "States owe due diligence in cyberspace.\n\nThe obligation is binding on States.\n\nIt turns on knowledge of the operation.",
  );
  const threadPath = pageUrl(wiki.slug, strand.slug);
  // Two threads, one on the paragraph before the suggestion and one on the paragraph after it.
  await createThread(strand, owner.id, { body: "Which sources say so?", anchor: { kind: "quote", quote: "due diligence" } });
  await createThread(strand, owner.id, { body: "Actual or constructive?", anchor: { kind: "quote", quote: "knowledge" } });
  const editorSession = await own.signIn(browser, "editor", editorUser);
  const { page: editorPage } = editorSession;
  const { page: reviewerPage } = reviewerSession;

  await reviewerPage.goto(threadPath);
  await waitForLiveEditor(reviewerPage);
  await selectInEditor(reviewerPage, "binding");
  await reviewerPage.keyboard.type("emerging");
  await expect(reviewerPage.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");

  // The editor sees the card between the two threads, in the order of the text; beside the text,
  // never above its passage (the cards stack when passages are close together).
  await editorPage.goto(threadPath);
  const editorEditor = await waitForLiveEditor(editorPage);
  const card = editorPage.getByTestId("suggestion-card");
  await expect(card).toContainText("Replace 'binding' with 'emerging'");
  await expect(card).toContainText("Rhea Reviewer");
  await expect.poll(() => panelOrder(editorPage)).toEqual(["due diligence", "suggestion", "knowledge"]);
  const tops = await editorPage
    .getByTestId("thread-list")
    .evaluate((list) => [...list.querySelectorAll("article")].map((card) => card.getBoundingClientRect().top));
  expect(tops).toEqual([...tops].sort((a, b) => a - b));
  const passageTop = (await editorEditor.locator("ins.suggestion-insert").boundingBox())!.y;
  expect((await card.boundingBox())!.y).toBeGreaterThanOrEqual(passageTop - 1);

  // The editor replies on the card: the suggestion's own thread starts.
  const replyText = "Is 'emerging' what the sources support?";
  await card.getByRole("textbox", { name: /Reply to the suggestion/ }).fill(replyText);
  await card.getByRole("button", { name: "Reply" }).click();
  await expect(card.getByTestId("suggestion-replies")).toContainText(replyText);
  await expect(card.getByTestId("suggestion-replies")).toContainText("Eddie Editor");
  await shot(editorPage, "editor-replied-on-card");
  expect(await panelViolations(editorPage)).toEqual([]);

  // The reviewer sees the reply live, without reloading, and answers it.
  const reviewerCard = reviewerPage.getByTestId("suggestion-card");
  await expect(reviewerCard.getByTestId("suggestion-replies")).toContainText(replyText);
  await expect.poll(() => panelOrder(reviewerPage)).toEqual(["due diligence", "suggestion", "knowledge"]);
  await reviewerCard.getByRole("textbox", { name: /Reply to the suggestion/ }).fill("Yes: the practice is not settled.");
  await reviewerCard.getByRole("button", { name: "Reply" }).click();
  await expect(card.getByTestId("suggestion-replies")).toContainText("Yes: the practice is not settled.");
  await shot(reviewerPage, "reviewer-sees-reply");

  // On a phone: the card and its replies in the comments drawer, nothing wider than the screen.
  await reviewerPage.setViewportSize({ width: 390, height: 844 });
  await reviewerPage.reload();
  await waitForLiveEditor(reviewerPage);
  await reviewerPage.getByTestId("comments-drawer-toggle").click();
  await expect(reviewerCard.getByTestId("suggestion-replies")).toContainText(replyText);
  const box = (await reviewerCard.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await reviewerPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await reviewerPage.screenshot({ path: screenshotPath("suggesting-card-390") });
  expect(await panelViolations(reviewerPage)).toEqual([]);
  await reviewerPage.setViewportSize({ width: 1280, height: 860 });
  await reviewerPage.reload();
  await waitForLiveEditor(reviewerPage);

  // The editor suggests too: now each author's suggestions can be accepted on their own.
  await editorPage.getByTestId("suggesting-switch").getByRole("button", { name: "Suggesting" }).click();
  // Switching to Suggesting turns formatting off, switching back on again.
  const editorBold = editorPage.getByTestId("editor-toolbar").getByRole("button", { name: "Bold" });
  await expect(editorBold).toBeDisabled();
  await editorPage.getByTestId("suggesting-switch").getByRole("button", { name: "Editing" }).click();
  await expect(editorBold).toBeEnabled();
  await editorPage.getByTestId("suggesting-switch").getByRole("button", { name: "Suggesting" }).click();
  await expect(editorBold).toBeDisabled();
  await selectInEditor(editorPage, "turns on", 0, 0);
  await editorPage.keyboard.type("really ");
  await expect(editorPage.getByTestId("suggestion-card")).toHaveCount(2);
  const byAuthor = editorPage.getByTestId("suggestions-by-author");
  await expect(byAuthor).toContainText("Rhea Reviewer");
  await expect(byAuthor).toContainText("Eddie Editor");
  await byAuthor.getByRole("button", { name: "Accept all by Rhea Reviewer" }).click();

  // Rhea's suggestion is accepted, Eddie's still pending; Rhea's thread is resolved, labelled, and readable.
  await expect(editorPage.getByTestId("suggestion-card")).toHaveCount(1);
  await expect(editorPage.getByTestId("suggestion-card")).toContainText("Insert 'really'");
  await expect.poll(() => bodyText(editorPage)).toContain("The obligation is emerging on States.");
  await editorPage.getByTestId("filter-resolved").click();
  const resolved = editorPage.getByTestId("thread-card");
  await expect(resolved).toHaveCount(1);
  await expect(resolved.getByTestId("suggestion-outcome")).toHaveText("On an accepted suggestion");
  await expect(resolved.getByTestId("thread-quote")).toHaveText("Replace 'binding' with 'emerging'");
  await expect(resolved).toContainText(replyText);
  await expect(resolved.getByTestId("resolved-by")).toContainText("Eddie Editor");
  await shot(editorPage, "editor-resolved-suggestion-thread");

  // The reviewer's panel follows: the card gone, the thread among the resolved ones.
  await expect(reviewerPage.getByTestId("suggestion-card")).toHaveCount(1);
  await reviewerPage.getByTestId("filter-resolved").click();
  await expect(reviewerPage.getByTestId("thread-card").getByTestId("suggestion-outcome")).toHaveText("On an accepted suggestion");
  expect(await panelViolations(editorPage)).toEqual([]);
});
