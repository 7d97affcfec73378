import type { Browser, Locator, Page } from "@playwright/test";
import { findUserByEmail } from "@/db/queries/users";
import { findWikiBySlug } from "@/db/queries/wikis";
import { createThread } from "@/lib/commands/comments";
import { createPage } from "@/lib/commands/pages";
import { createFirstUser } from "@/lib/commands/users";
import { addMember, createWiki } from "@/lib/commands/wikis";
import { pageUrl } from "@/lib/wikis/access";
import { makeUser } from "../helpers/fixtures";
import { holdsFor } from "../helpers/wait";
import {
  collectPageErrors,
  editor,
  expect,
  screenshotPath,
  selectInEditor,
  test,
  waitForLiveEditor,
  type Credentials,
} from "./support/fixtures";
import { ownServer, type Session as SignedIn } from "./support/own-server";

/**
 * Comments end to end, in real browsers against the real server. The owner (A) selects a passage in
 * the live editor and starts a thread; a commenter (B), whose editor is read-only and whose page is
 * already open, sees the thread arrive live and replies; A sees the reply live, edits her comment,
 * and B sees "edited" and both wordings. B starts a thread of his own from the read-only editor. An
 * editor (C) types inside the passage and A's highlight stretches over the new words. The wiki's
 * Open comments view lists the thread; A resolves it: the card says who resolved it, the highlight
 * goes, and the view no longer lists it. A viewer (V) reads the threads but has no way to comment.
 * Markup and a javascript: link in a comment render as text.
 *
 * The tests build on each other and share the four
 * signed-in browser contexts, 1440 px wide so the panel sits beside the text.
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const OWNER: Credentials = { name: "Ada Lovelace", email: "ada@example.test", password: "analytical-engine-1843" };
const PAGE_TITLE = "Void for uncertainty";
const SENTENCE = "The tribunal held that the clause was void for uncertainty in its entirety.";
const PASSAGE = "void for uncertainty";
const OTHER_SENTENCE = "Costs follow the event unless the court orders otherwise.";
const OTHER_PASSAGE = "Costs follow the event";
const PAGE_MARKDOWN = `Opening remarks on the case.\n\n${SENTENCE}\n\n${OTHER_SENTENCE}`;
const FIRST_BODY = "Is this the **ratio**, or only obiter?";
const REPLY_BODY = "The ratio, I think: see paragraph 42.";
const EDITED_BODY = "Is this the ratio of the decision, or only obiter?";
const INSERTED = "manifest ";
const HOSTILE_BODY = "<script>alert(1)</script> and [click me](javascript:alert(2)) <img src=x onerror=alert(3)>";
const VIEWPORT = { width: 1440, height: 900 };

type Session = SignedIn & { dialogs: string[] };
const own = ownServer("comments");
let pagePath: string;
let commentsPath: string;
let users: Record<"b" | "c" | "v", Credentials>;
/** Owner; B commenter; C editor; V viewer. */
let a: Session, b: Session, c: Session, v: Session;
let threadId: string;

async function session(browser: Browser, label: string, user: Credentials): Promise<Session> {
  const s = await own.signIn(browser, label, user, { viewport: VIEWPORT });
  const dialogs: string[] = [];
  // No comment may open a dialog (alert from an injected script or link): record it and fail later.
  s.page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { ...s, dialogs };
}

function card(page: Page, id: string): Locator {
  return page.locator(`[data-testid="thread-card"][data-thread-id="${id}"]`);
}

/** The text inside a thread's highlight in the editor (all its pieces), without other people's caret labels. */
async function highlightedText(page: Page, id: string): Promise<string> {
  return editor(page)
    .locator(`.comment-highlight[data-thread-id="${id}"]`)
    .evaluateAll((nodes) =>
      nodes
        .map((node) => {
          const copy = node.cloneNode(true) as HTMLElement;
          for (const caret of copy.querySelectorAll(".collaboration-carets__caret, .collaboration-carets__label")) caret.remove();
          return copy.textContent ?? "";
        })
        .join(""),
    );
}

async function openPage(s: Session): Promise<Locator> {
  await s.page.goto(pagePath);
  return waitForLiveEditor(s.page);
}

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  await own.start();
  const owner = await createFirstUser(OWNER);
  const wiki = await createWiki({ name: "Contract Law Notes", description: "" }, owner.id);
  const made = { b: await makeUser("Ben Commenter"), c: await makeUser("Cleo Editor"), v: await makeUser("Vic Viewer") };
  await addMember(wiki.id, made.b.email, "commenter", owner.id);
  await addMember(wiki.id, made.c.email, "editor", owner.id);
  await addMember(wiki.id, made.v.email, "viewer", owner.id);
  users = made;
  const page = await createPage({ wikiId: wiki.id, title: PAGE_TITLE, markdown: PAGE_MARKDOWN }, owner.id);
  pagePath = pageUrl(wiki.slug, page.slug);
  commentsPath = `/w/${wiki.slug}/comments`;
  a = await session(browser, "owner", OWNER);
  b = await session(browser, "commenter", users.b);
  c = await session(browser, "editor", users.c);
  v = await session(browser, "viewer", users.v);
});

// Screenshots on failure and the page-error check come with ownServer; the dialogs are this spec's own.
test.afterEach(() => {
  expect(
    [a, b, c, v].flatMap((s) => s?.dialogs ?? []),
    "dialogs opened by the pages",
  ).toEqual([]);
});

test("the owner selects a passage and comments; the commenter sees the thread arrive live", async () => {
  // The commenter has the page open first: the thread must reach him without a reload.
  const bEditor = await openPage(b);
  await expect(bEditor).toHaveAttribute("contenteditable", "false");
  await expect(b.page.getByText("Read only", { exact: true })).toBeVisible();
  await expect(b.page.getByTestId("no-threads")).toBeVisible();
  await b.page.evaluate(() => ((window as Window & { __notReloaded?: boolean }).__notReloaded = true));

  await openPage(a);
  await expect(a.page.getByTestId("comments-panel")).toBeVisible();
  await expect(a.page.getByTestId("comments-drawer-toggle")).toBeHidden();
  // Select the passage as a drag would; the margin button appearing shows the editor took it.
  await selectInEditor(a.page, SENTENCE, SENTENCE.indexOf(PASSAGE), SENTENCE.indexOf(PASSAGE) + PASSAGE.length);
  await expect(a.page.getByTestId("selection-comment-button")).toBeVisible();
  expect(await a.page.evaluate(() => window.getSelection()?.toString())).toBe(PASSAGE);
  await a.page.getByTestId("comment-button").click();
  await expect.poll(() => a.page.getByTestId("draft-quote").textContent()).toBe(PASSAGE);
  // While it is written, the passage is already highlighted.
  await expect.poll(() => highlightedText(a.page, "draft")).toBe(PASSAGE);
  const form = a.page.getByTestId("new-thread-form");
  await form.getByLabel("New comment").fill(FIRST_BODY);
  await a.page.screenshot({ path: screenshotPath("comments-draft") });
  await form.getByRole("button", { name: "Comment", exact: true }).click();

  const aCard = a.page.getByTestId("thread-card");
  await expect(aCard).toHaveCount(1);
  threadId = (await aCard.getAttribute("data-thread-id"))!;
  await expect(aCard).toHaveAttribute("data-status", "open");
  await expect(aCard).toHaveAttribute("aria-current", "true");
  await expect(aCard.getByTestId("thread-quote")).toHaveText(PASSAGE);
  await expect(aCard.getByTestId("comment")).toHaveCount(1);
  // **ratio** is bold.
  await expect(aCard.getByTestId("comment").locator("strong")).toHaveText("ratio");
  await expect(a.page.getByTestId("new-thread")).toHaveCount(0);
  await expect.poll(() => highlightedText(a.page, threadId)).toBe(PASSAGE);
  await expect(editor(a.page).locator(`.comment-highlight-active[data-thread-id="${threadId}"]`)).not.toHaveCount(0);

  // Live on the commenter's screen, highlight included.
  const bCard = card(b.page, threadId);
  await expect(bCard).toBeVisible();
  await expect(bCard.getByTestId("comment")).toContainText("Is this the ratio, or only obiter?");
  await expect(bCard.getByTestId("comment")).toContainText(OWNER.name);
  await expect.poll(() => highlightedText(b.page, threadId)).toBe(PASSAGE);
  expect(await b.page.evaluate(() => (window as Window & { __notReloaded?: boolean }).__notReloaded)).toBe(true);
  await a.page.screenshot({ path: screenshotPath("comments-thread-created") });
});

test("the commenter replies and the owner sees the reply live", async () => {
  const bCard = card(b.page, threadId);
  const reply = bCard.getByTestId("reply-form");
  await reply.getByLabel("Reply").click();
  await reply.getByLabel("Reply").fill(REPLY_BODY);
  await reply.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(bCard.getByTestId("comment")).toHaveCount(2);

  const aComments = card(a.page, threadId).getByTestId("comment");
  await expect(aComments).toHaveCount(2);
  await expect(aComments.nth(1)).toContainText(REPLY_BODY);
  await expect(aComments.nth(1)).toContainText(users.b.name);
  await b.page.screenshot({ path: screenshotPath("comments-reply") });
});

test("the owner edits her comment; the commenter sees “edited” and both wordings", async () => {
  const first = card(a.page, threadId).getByTestId("comment").first();
  // Only one's own comment has Edit: not B's reply.
  await expect(card(a.page, threadId).getByTestId("comment").nth(1).getByRole("button", { name: "Edit", exact: true })).toHaveCount(0);
  await first.getByRole("button", { name: "Edit", exact: true }).click();
  const form = first.getByTestId("edit-form");
  await form.getByLabel("Edit comment").fill(EDITED_BODY);
  await form.getByRole("button", { name: "Save", exact: true }).click();
  await expect(first.getByTestId("edit-form")).toHaveCount(0);
  await expect(first).toContainText(EDITED_BODY);
  await expect(first.getByTestId("comment-edited")).toBeVisible();

  const bFirst = card(b.page, threadId).getByTestId("comment").first();
  await expect(bFirst).toContainText(EDITED_BODY);
  const edited = bFirst.getByTestId("comment-edited");
  await expect(edited).toHaveText("edited");
  // B may not edit A's comment.
  await expect(bFirst.getByRole("button", { name: "Edit", exact: true })).toHaveCount(0);
  await edited.click();
  const revisions = bFirst.getByTestId("comment-revision");
  await expect(revisions).toHaveCount(2);
  await expect(revisions.nth(0)).toContainText("Version 1");
  await expect(revisions.nth(0)).toContainText("Is this the ratio, or only obiter?");
  await expect(revisions.nth(1)).toContainText("Current");
  await expect(revisions.nth(1)).toContainText(EDITED_BODY);
  await b.page.screenshot({ path: screenshotPath("comments-edited-versions") });
});

test("a commenter starts a thread from the read-only editor; markup and javascript: links in it stay text", async () => {
  await selectInEditor(b.page, OTHER_PASSAGE);
  const button = b.page.getByTestId("selection-comment-button");
  await expect(button).toBeVisible();
  // Exactly the passage: nothing of the paragraph before it.
  expect(await b.page.evaluate(() => window.getSelection()?.toString())).toBe(OTHER_PASSAGE);
  await button.click();
  await expect.poll(() => b.page.getByTestId("draft-quote").textContent()).toBe(OTHER_PASSAGE);
  const form = b.page.getByTestId("new-thread-form");
  await form.getByLabel("New comment").fill(HOSTILE_BODY);
  // Ctrl+Enter sends.
  await form.getByLabel("New comment").press("Control+Enter");
  const bCards = b.page.getByTestId("thread-card");
  await expect(bCards).toHaveCount(2);
  const hostile = bCards.filter({ has: b.page.getByTestId("thread-quote").filter({ hasText: OTHER_PASSAGE }) });
  await expect(hostile).toHaveCount(1);
  const hostileId = (await hostile.getAttribute("data-thread-id"))!;
  await expect.poll(() => highlightedText(b.page, hostileId)).toBe(OTHER_PASSAGE);

  // Both for the author and, live, for the owner: the markup is shown as typed, not run.
  const aHostile = a.page.getByTestId("thread-card").filter({ has: a.page.getByTestId("thread-quote").filter({ hasText: OTHER_PASSAGE }) });
  await expect(aHostile).toHaveCount(1);
  for (const body of [hostile.getByTestId("comment"), aHostile.getByTestId("comment")]) {
    await expect(body).toContainText("<script>alert(1)</script>");
    await expect(body).toContainText("[click me](javascript:alert(2))");
    await expect(body).toContainText("<img src=x onerror=alert(3)>");
    await expect(body.locator("script, img")).toHaveCount(0);
    await expect(body.locator("a")).toHaveCount(0);
  }
  // Thread order follows the text: the first sentence's thread comes first.
  await expect(a.page.getByTestId("thread-card").first()).toHaveAttribute("data-thread-id", threadId);
  // Clicking the text where a link would be does nothing either.
  const address = a.page.url();
  await aHostile.getByTestId("comment").getByText("click me", { exact: false }).click();
  await holdsFor(() => expect(a.page.url()).toBe(address), 300);
  await b.page.screenshot({ path: screenshotPath("comments-commenter-thread") });
});

test("an editor types inside the passage and the owner's highlight stretches over the new words", async () => {
  const cEditor = await openPage(c);
  await expect(cEditor).toHaveAttribute("contenteditable", "true");
  await expect(c.page.getByTestId("thread-card")).toHaveCount(2);
  const at = SENTENCE.indexOf(PASSAGE) + "void for ".length;
  await selectInEditor(c.page, SENTENCE, at, at);
  // The caret sits in the highlighted passage, just after "void for ".
  await expect
    .poll(() =>
      c.page.evaluate(() => {
        const selection = window.getSelection()!;
        const range = selection.getRangeAt(0);
        const inHighlight = !!selection.anchorNode?.parentElement?.closest(".comment-highlight");
        return {
          collapsed: selection.isCollapsed,
          inHighlight,
          before: (range.startContainer.textContent ?? "").slice(0, range.startOffset),
        };
      }),
    )
    .toEqual({ collapsed: true, inHighlight: true, before: "void for " });
  await c.page.keyboard.type(INSERTED);
  const stretched = "void for manifest uncertainty";
  await expect(cEditor).toContainText(`The tribunal held that the clause was ${stretched} in its entirety.`);
  await expect(c.page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");

  await expect.poll(() => highlightedText(a.page, threadId)).toBe(stretched);
  await expect.poll(() => highlightedText(b.page, threadId)).toBe(stretched);
  await expect.poll(() => highlightedText(c.page, threadId)).toBe(stretched);
  // The card still quotes the passage as first commented.
  await expect(card(a.page, threadId).getByTestId("thread-quote")).toHaveText(PASSAGE);
  await expect(card(a.page, threadId)).not.toHaveAttribute("data-detached", /.*/);
  await a.page.screenshot({ path: screenshotPath("comments-stretched") });
});

test("a viewer reads the threads but cannot comment", async () => {
  await openPage(v);
  await expect(v.page.getByTestId("thread-card")).toHaveCount(2);
  await expect(card(v.page, threadId).getByTestId("comment")).toHaveCount(2);
  await expect.poll(() => highlightedText(v.page, threadId)).toBe("void for manifest uncertainty");
  await expect(v.page.getByTestId("comment-button")).toHaveCount(0);
  await expect(v.page.getByTestId("selection-comment-button")).toHaveCount(0);
  await expect(v.page.getByTestId("new-comment")).toHaveCount(0);
  await expect(v.page.getByTestId("reply-form")).toHaveCount(0);
  await expect(v.page.getByRole("button", { name: /Resolve/ })).toHaveCount(0);
  await expect(v.page.getByRole("button", { name: "Edit", exact: true })).toHaveCount(0);
  await expect(v.page.getByRole("button", { name: "Delete", exact: true })).toHaveCount(0);
  // Even with a selection, nothing offers to comment.
  await selectInEditor(v.page, OTHER_PASSAGE);
  await v.page.keyboard.press("Control+Alt+m");
  await expect(v.page.getByTestId("new-thread")).toHaveCount(0);
  await v.page.screenshot({ path: screenshotPath("comments-viewer") });
});

test("the Open comments view lists the thread until the owner resolves it; the highlight goes", async () => {
  const view = await a.context.newPage();
  const viewErrors = collectPageErrors(view);
  await view.goto(commentsPath);
  await expect(view.getByRole("heading", { name: "Open comments" })).toBeVisible();
  const listed = view.locator(`[data-testid="open-thread"][data-thread-id="${threadId}"]`);
  await expect(listed).toBeVisible();
  await expect(listed).toContainText(PAGE_TITLE);
  await expect(listed).toContainText(PASSAGE);
  await expect(listed).toContainText(EDITED_BODY);
  await expect(listed).toContainText("1 reply");
  await expect(view.getByTestId("open-thread")).toHaveCount(2);
  await view.screenshot({ path: screenshotPath("comments-open-view"), fullPage: true });

  const aCard = card(a.page, threadId);
  await aCard.getByRole("button", { name: /Resolve/ }).click();
  // Gone from the "Open" filter, and its highlight gone from the text, for both.
  await expect(aCard).toHaveCount(0);
  await expect(editor(a.page).locator(`.comment-highlight[data-thread-id="${threadId}"]`)).toHaveCount(0);
  await expect(card(b.page, threadId)).toHaveCount(0);
  await expect(editor(b.page).locator(`.comment-highlight[data-thread-id="${threadId}"]`)).toHaveCount(0);
  // The other thread keeps its highlight.
  await expect.poll(() => editor(a.page).locator(".comment-highlight").count()).toBeGreaterThan(0);
  await expect(a.page.getByTestId("filter-resolved")).toContainText("1");

  await a.page.getByTestId("filter-resolved").click();
  await expect(aCard).toHaveAttribute("data-status", "resolved");
  const resolvedBy = aCard.getByTestId("resolved-by");
  await expect(resolvedBy).toContainText("Resolved");
  await expect(resolvedBy).toContainText(`by ${OWNER.name}`);
  await expect(aCard.getByTestId("reply-form")).toHaveCount(0);
  await b.page.getByTestId("filter-all").click();
  await expect(card(b.page, threadId).getByTestId("resolved-by")).toContainText(`by ${OWNER.name}`);
  await a.page.screenshot({ path: screenshotPath("comments-resolved") });

  await view.reload();
  await expect(view.getByTestId("open-thread")).toHaveCount(1);
  await expect(listed).toHaveCount(0);
  await expect(view.getByText("1 unresolved thread across 1 page.")).toBeVisible();
  await view.close();
  expect(viewErrors, "uncaught errors in the Open comments tab").toEqual([]);
});

test("on a long page each card sits level with its passage", async () => {
  const paragraphs = Array.from({ length: 30 }, (_, i) =>
    i === 24
      ? "The arbitral award was annulled for excess of power."
      : `Paragraph ${i + 1} of background, long enough to wrap a little in the editor column of the page.`,
  );
  const wikiSlug = pagePath.split("/")[2];
  const wiki = (await findWikiBySlug(wikiSlug))!;
  const owner = (await findUserByEmail(OWNER.email))!;
  const long = await createPage({ wikiId: wiki.id, title: "A long strand", markdown: paragraphs.join("\n\n") }, owner.id);
  await createThread({ id: long.id, wikiId: wiki.id }, owner.id, {
    body: "Which tribunal?",
    anchor: { kind: "quote", quote: "annulled for excess of power" },
  });
  await a.page.goto(pageUrl(wiki.slug, long.slug));
  await waitForLiveEditor(a.page);
  const highlight = a.page.locator(".comment-highlight").first();
  const threadCard = a.page.getByTestId("thread-card").first();
  await expect(highlight).toBeVisible();
  await expect(async () => {
    const [h, c] = [await highlight.boundingBox(), await threadCard.boundingBox()];
    expect(h && c).toBeTruthy();
    // Level with the passage (the card's first line and the highlighted line), not at the panel's top.
    expect(Math.abs(c!.y - h!.y)).toBeLessThan(40);
  }).toPass({ timeout: 5000 });
  await a.page.screenshot({ path: screenshotPath("comments-aligned"), fullPage: true });

  // Clicking either side focuses the other: the highlight activates its card, the card's quote
  // selects its passage in the text.
  await a.page.getByRole("heading", { name: "A long strand" }).click();
  await highlight.click();
  await expect(threadCard).toHaveAttribute("aria-current", "true");
  await a.page.keyboard.press("End");
  await threadCard.getByTestId("thread-quote").click();
  await expect.poll(() => a.page.evaluate(() => window.getSelection()?.toString() ?? "")).toBe("annulled for excess of power");
});
