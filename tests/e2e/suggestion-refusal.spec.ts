import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { getDbHandle } from "@/db/client";
import { pageUrl } from "@/lib/wikis/access";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { expect, screenshotPath, test, typeAtEnd, waitForLiveEditor } from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * Issue 19: when the reviewer guard refuses a reviewer's change (a plain edit that bypassed
 * Suggesting: a plugin, a bug), the browser must not send the same change again on every
 * reconnect, and the reviewer's page must not go on showing text the server never took. The
 * client drops what it held, resyncs from the server and says so once.
 */
test.describe.configure({ mode: "serial" });

type TestUser = Awaited<ReturnType<typeof makeUser>>;
const own = ownServer("suggestion-refusal");
const TEXT = "The obligation is binding on States.";
/** What the collab server's close message says (lib/collab/reasons.ts), as bytes on the wire. */
const REFUSAL_ON_THE_WIRE = "Only suggestions are allowed";
let owner: TestUser;
let reviewer: TestUser;
let pageId: string;
let path: string;
let ownerSession: Session;
let reviewerSession: Session;

test.beforeAll(async ({ browser }) => {
  await own.start();
  owner = await makeUser("Otto Owner");
  reviewer = await makeUser("Ruth Reviewer");
  const { wiki, page } = await makeWikiWithMembers(owner, [{ user: reviewer, role: "reviewer" }], TEXT);
  pageId = page.id;
  path = pageUrl(wiki.slug, page.slug);
  ownerSession = await own.signIn(browser, "owner", owner);
  reviewerSession = await own.signIn(browser, "reviewer", reviewer);
});

/** The editor's text as its readers see it, without other people's caret labels. */
function bodyText(page: Page): Promise<string> {
  return page.getByTestId("editor").evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
    return copy.textContent ?? "";
  });
}

/** Counts the server's refusals this page is told of, over every socket it opens from now on. */
function countRefusals(page: Page): () => number {
  let refusals = 0;
  page.on("websocket", (socket) =>
    socket.on("framereceived", ({ payload }) => {
      if (Buffer.from(payload).includes(REFUSAL_ON_THE_WIRE)) refusals++;
    }),
  );
  return () => refusals;
}

function refusalsAudited(): number {
  const { sqlite } = getDbHandle();
  const row = sqlite
    .prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'suggestion.refused' AND target_id = ? AND actor_id = ?")
    .get(pageId, reviewer.id) as { n: number };
  return row.n;
}

test("a refused change is undone once, not sent again, and the reviewer's page ends as the server has it", async () => {
  const { page: reviewerPage } = reviewerSession;
  const { page: ownerPage } = ownerSession;
  const refusals = countRefusals(reviewerPage);
  await ownerPage.goto(path);
  await waitForLiveEditor(ownerPage);
  await reviewerPage.goto(path);
  await waitForLiveEditor(reviewerPage);

  // A plain insertion straight into the reviewer's Yjs document, as a plugin that writes to the
  // document without going through Suggesting would make it.
  await reviewerPage.getByTestId("editor").evaluate((root) => {
    type YText = { insert(index: number, text: string): void };
    type YElement = { get(index: number): YText };
    type YDoc = { getXmlFragment(name: string): { get(index: number): YElement } };
    const { view } = (root as unknown as { editor: { view: { state: { plugins: { key: string; getState(s: unknown): unknown }[] } } } })
      .editor;
    const sync = view.state.plugins.find((plugin) => plugin.key === "y-sync$")!;
    const { doc } = sync.getState(view.state) as { doc: YDoc };
    doc.getXmlFragment("default").get(0).get(0).insert(0, "Plainly ");
  });

  const notice = reviewerPage.getByTestId("suggestion-refused-notice");
  await expect(notice).toHaveText(/Your last change could not be kept as a suggestion and was undone/);
  await expect.poll(() => bodyText(reviewerPage)).toBe(TEXT);
  await expect(reviewerPage.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
  await reviewerPage.screenshot({ path: screenshotPath("suggestion-refused-notice"), fullPage: true });
  const violations = (await new AxeBuilder({ page: reviewerPage }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze()).violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  // The provider reconnects 1 s after a closed socket (and keeps doubling the wait): over 5 s a
  // client that re-sent the refused change would be refused again at least twice more.
  await reviewerPage.waitForTimeout(5_000);
  expect(refusals()).toBe(1);
  expect(refusalsAudited()).toBe(1);
  await expect(notice).toHaveCount(1);
  expect(await bodyText(reviewerPage)).toBe(TEXT);
  expect(await bodyText(ownerPage)).toBe(TEXT);

  // The reviewer goes on suggesting in the fresh document, and the owner sees it.
  await typeAtEnd(reviewerPage, "A later suggestion.");
  await expect(reviewerPage.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
  await expect(ownerPage.getByTestId("editor").locator("ins.suggestion-insert")).toHaveText("A later suggestion.");
  expect(refusals()).toBe(1);

  await notice.getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);
});
