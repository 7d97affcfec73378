import type { Locator } from "@playwright/test";
import { findUserByEmail } from "@/db/queries/users";
import { findWikiBySlug } from "@/db/queries/wikis";
import { addMember } from "@/lib/commands/wikis";
import { makeUser } from "../helpers/fixtures";
import { holdsFor } from "../helpers/wait";
import {
  DEMO_WIKI,
  FIRST_STRAND_HEADINGS,
  FIRST_STRAND_TITLE,
  editor,
  expect,
  openFirstStrand,
  screenshotPath,
  scrollToBottom,
  signIn,
  signedInContext,
  test,
  typeAtEnd,
  uniqueSentence,
  waitForLiveEditor,
  type Credentials,
} from "./support/fixtures";
import { ownServer } from "./support/own-server";

/**
 * The newcomer's path through Opinio in a real browser against the real server: first-run setup,
 * the seeded demo wiki, sign-in, two people editing one strand live, and a read-only viewer.
 * Against a server of its own with the demo wiki switched on, so the first-run setup screen is what
 * a newcomer sees. The tests build on each other (the owner created in the first is used by the rest).
 */
test.describe.configure({ mode: "serial" });

const own = ownServer("wiki", { SEED_DEMO: "true" });
test.beforeAll(async () => {
  await own.start();
});

const OWNER: Credentials = { name: "Ada Lovelace", email: "ada@example.test", password: "analytical-engine-1843" };

/** Extra accounts are written into the server's own SQLite file through Opinio's commands. */
async function addDemoWikiMember(name: string, role: "editor" | "viewer"): Promise<Credentials> {
  const wiki = await findWikiBySlug(DEMO_WIKI.slug);
  const owner = await findUserByEmail(OWNER.email);
  if (!wiki || !owner) throw new Error("the first test must have created the owner and the demo wiki");
  const user = await makeUser(name);
  await addMember(wiki.id, user.email, role, owner.id);
  return user;
}

/** The server HTML's <article data-testid="server-rendered"> body, as sent before any script runs. */
function serverRenderedArticle(html: string): string {
  const match = /<article[^>]*data-testid="server-rendered"[^>]*>([\s\S]*?)<\/article>/.exec(html);
  return match?.[1] ?? "";
}

async function expectHeadings(scope: Locator): Promise<void> {
  for (const heading of FIRST_STRAND_HEADINGS) {
    await expect(scope.getByRole("heading", { name: heading, exact: true })).toBeVisible();
  }
}

test("first run: / leads to setup, the owner lands signed in, and the demo strand renders on the server then goes live", async ({
  browser,
}) => {
  const { page } = await own.open(browser, "newcomer");
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up your Opinio" })).toBeVisible();
  await page.getByLabel("Your name").fill(OWNER.name);
  await page.getByLabel("E-mail").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.screenshot({ path: screenshotPath("01-setup") });
  await page.getByRole("button", { name: "Create owner account" }).click();

  // Signed in on the home page, which lists the seeded demo wiki with the owner's role.
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByRole("heading", { name: "Your wikis" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(OWNER.name);
  const wikiLink = page.getByRole("link", { name: new RegExp(DEMO_WIKI.name) });
  await expect(wikiLink).toBeVisible();
  await expect(wikiLink).toContainText("owner");
  await page.screenshot({ path: screenshotPath("02-home") });

  // Hold the collab socket back: the page must not need it to show the strand. The server's HTML
  // comes first (the response and the no-script view below); the editor is then built from the
  // Yjs state sent with the page (lib/pages/initial-state.ts), before any sync.
  let releaseSocket!: () => void;
  const socketReleased = new Promise<void>((resolve) => (releaseSocket = resolve));
  await page.routeWebSocket(/\/collab/, async (socket) => {
    await socketReleased;
    socket.connectToServer();
  });
  await wikiLink.click();
  await page.waitForURL((url) => url.pathname.startsWith(`/w/${DEMO_WIKI.slug}/`));
  await expect(page.getByTestId("page-title")).toHaveText(FIRST_STRAND_TITLE);
  await expectHeadings(editor(page));
  await expect(page.getByTestId("server-rendered")).toHaveCount(0);
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "connecting");

  // Then the socket syncs it: live, saved and editable for the owner.
  releaseSocket();
  const live = await waitForLiveEditor(page);
  await expectHeadings(live);
  await expect(live).toHaveAttribute("contenteditable", "true");
  await expect(page.getByRole("toolbar", { name: "Formatting" })).toBeVisible();

  // Readable without JavaScript: the HTML response itself carries the strand's headings…
  const response = await page.request.get(page.url());
  expect(response.status()).toBe(200);
  const article = serverRenderedArticle(await response.text());
  for (const heading of FIRST_STRAND_HEADINGS) expect(article).toMatch(new RegExp(`<h2[^>]*>${heading}</h2>`));

  // …and a browser with scripts off shows them.
  const noScript = await browser.newContext({
    baseURL: own.state.url,
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  try {
    const plain = await noScript.newPage();
    await plain.goto(page.url());
    await expect(plain.getByTestId("page-title")).toHaveText(FIRST_STRAND_TITLE);
    await expectHeadings(plain.getByTestId("server-rendered"));
  } finally {
    await noScript.close();
  }
});

test("sign out, a wrong password is refused with a message, the right one lands on home", async ({ browser }) => {
  const { page } = await own.open(browser, "owner");
  await signIn(page, OWNER);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/signin");

  // Signed out means signed out: the home page sends us back to sign in.
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);

  await page.getByLabel("E-mail").fill(OWNER.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  // Scoped to the form: Next's route announcer is an (empty) alert region too.
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong e-mail or password.");
  await expect(page).toHaveURL(/\/signin/);
  // The e-mail is kept so only the password needs retyping.
  await expect(page.getByLabel("E-mail")).toHaveValue(OWNER.email);

  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByRole("heading", { name: "Your wikis" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(OWNER.name);
});

test("two editors co-edit one strand: text, carets and presence travel both ways", async ({ browser }) => {
  const second = await addDemoWikiMember("Grace Hopper", "editor");
  const a = await signedInContext(browser, own.state, OWNER);
  const b = await signedInContext(browser, own.state, second);
  try {
    await openFirstStrand(a.page);
    await openFirstStrand(b.page);
    await waitForLiveEditor(a.page);
    await waitForLiveEditor(b.page);
    await expect(b.page.getByTestId("my-role")).toHaveText("editor");

    // Each sees the other among those present.
    await expect(a.page.getByTestId("presence").getByTitle(second.name, { exact: true })).toBeVisible();
    await expect(b.page.getByTestId("presence").getByTitle(OWNER.name, { exact: true })).toBeVisible();

    const fromA = uniqueSentence("Ada");
    await typeAtEnd(a.page, fromA);
    await expect(editor(a.page)).toContainText(fromA);
    await expect(editor(b.page)).toContainText(fromA, { timeout: 5_000 });

    const fromB = uniqueSentence("Grace");
    await typeAtEnd(b.page, fromB);
    await expect(editor(b.page)).toContainText(fromB);
    await expect(editor(a.page)).toContainText(fromB, { timeout: 5_000 });

    // Both paragraphs, in order, on both sides.
    for (const { page } of [a, b]) {
      await expect(editor(page).locator("p").filter({ hasText: fromA })).toHaveCount(1);
      await expect(editor(page).locator("p").filter({ hasText: fromB })).toHaveCount(1);
      const text = (await editor(page).innerText()).trimEnd();
      expect(text.indexOf(fromA)).toBeGreaterThan(-1);
      expect(text.indexOf(fromB)).toBeGreaterThan(text.indexOf(fromA));
    }

    // Remote carets carry the other person's name (set by the server from their session).
    const labelOnA = a.page.locator(".collaboration-carets__label").filter({ hasText: second.name });
    const labelOnB = b.page.locator(".collaboration-carets__label").filter({ hasText: OWNER.name });
    await expect(labelOnA).toHaveCount(1);
    await expect(labelOnB).toHaveCount(1);
    await expect(a.page.locator(".collaboration-carets__label").filter({ hasText: OWNER.name })).toHaveCount(0);

    // Acknowledged by the server on both sides.
    await expect(a.page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
    await expect(b.page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");

    for (const { page } of [a, b]) await scrollToBottom(page);
    await a.page.screenshot({ path: screenshotPath("03-two-carets"), caret: "initial" });
    await b.page.screenshot({ path: screenshotPath("03-two-carets-second-editor"), caret: "initial" });

    // A fresh load (the server's stored state) has both sentences.
    await b.page.reload();
    const reloaded = await waitForLiveEditor(b.page);
    await expect(reloaded).toContainText(fromA);
    await expect(reloaded).toContainText(fromB);
    expect([...a.errors, ...b.errors], "uncaught errors in the pages").toEqual([]);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test("a viewer reads the strand but cannot change it", async ({ browser }) => {
  const viewer = await addDemoWikiMember("Vera Viewer", "viewer");
  const { context, page, errors } = await signedInContext(browser, own.state, viewer);
  try {
    await openFirstStrand(page);
    await expect(page.getByTestId("my-role")).toHaveText("viewer");
    const live = await waitForLiveEditor(page);
    await expectHeadings(live);
    await expect(live).toHaveAttribute("contenteditable", "false");
    await expect(page.getByText("Read only", { exact: true })).toBeVisible();
    await expect(page.getByRole("toolbar", { name: "Formatting" })).toHaveCount(0);
    await page.screenshot({ path: screenshotPath("04-viewer") });

    const before = await live.innerText();
    await live.getByRole("heading", { name: "Claim", exact: true }).click();
    await page.keyboard.press("End");
    await page.keyboard.type("viewer was here");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    // Nothing changes, for long enough that a (wrongly) accepted edit would have shown.
    await holdsFor(async () => {
      expect(await live.innerText()).toBe(before);
      expect(await live.innerText()).not.toContain("viewer was here");
    }, 750);
    await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
    expect(errors, "uncaught errors in the page").toEqual([]);
  } finally {
    await context.close();
  }
});

test("a viewer who is first to open a strand sees it as saved, not as unsaved changes", async ({ browser }) => {
  // Regression: StarterKit's TrailingNode used to append an empty paragraph after a trailing list
  // on open, which a read-only connection refuses, leaving the viewer on "Saving…".
  const viewer = await addDemoWikiMember("Walter Viewer", "viewer");
  const { context, page } = await signedInContext(browser, own.state, viewer);
  try {
    // A strand nobody has opened in this run (every seeded strand ends with a list).
    const title = "Open questions and research agenda";
    await page.goto(`/w/${DEMO_WIKI.slug}`);
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: title }).click();
    await expect(page.getByTestId("page-title")).toHaveText(title);
    await expect(editor(page)).toBeVisible();
    await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved", { timeout: 5_000 });
  } finally {
    await context.close();
  }
});
