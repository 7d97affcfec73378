import type { Page } from "@playwright/test";
import { createThread, replyToThread } from "@/lib/commands/comments";
import { createPage } from "@/lib/commands/pages";
import { createRevision } from "@/lib/history/revisions";
import { pageUrl } from "@/lib/wikis/access";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { expect, screenshotPath, signedInContext, test, waitForLiveEditor } from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * The everyday conveniences of issue 15 (points 11 and 12), each as the person meets it in the
 * browser: a 404 that explains itself and leads on, a favicon, copy buttons with a "Copied" state,
 * pending invitations that can be revoked, a password change, the Inbox's unread count, titles
 * that say they are too long instead of being cut, the empty page's placeholder, times in the
 * reader's own time zone, confirmations asked in the page, and an Export menu that closes.
 * (The restore notice for others on the page is in history.spec.ts, beside the restore itself.)
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const own = ownServer("conveniences");
const CLIPBOARD = { permissions: ["clipboard-read", "clipboard-write"] };

type TestUser = Awaited<ReturnType<typeof makeUser>>;
let owner: TestUser;
let colleague: TestUser;
let outsider: TestUser;
let wikiSlug: string;
let wikiName: string;
let pagePath: string;
let emptyPagePath: string;
let ownerSession: Session;

test.beforeAll(async ({ browser }) => {
  await own.start();
  owner = await makeUser("Ottilie Owner");
  colleague = await makeUser("Cato Colleague");
  outsider = await makeUser("Oscar Outsider");
  const { wiki, page } = await makeWikiWithMembers(owner, [{ user: colleague, role: "editor" }], "The first paragraph of the strand.");
  wikiSlug = wiki.slug;
  wikiName = wiki.name;
  pagePath = pageUrl(wiki.slug, page.slug);
  await createRevision(page.id, { kind: "named", name: "First draft", createdBy: owner.id });
  const empty = await createPage({ wikiId: wiki.id, title: "A strand still to write" }, owner.id);
  emptyPagePath = pageUrl(wiki.slug, empty.slug);
  // Two replies to the owner's thread: two unread items in the owner's inbox.
  const threadId = await createThread(page, owner.id, { body: "Is this settled?", anchor: { kind: "page" } });
  await replyToThread(page, threadId, colleague.id, "Not yet: see the 2021 report.");
  await replyToThread(page, threadId, colleague.id, "And the OEWG's.");
  ownerSession = await own.signIn(browser, "owner", owner, CLIPBOARD);
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(`conveniences-${name}`), fullPage: true });
}

test("a wiki you are not a member of answers the same 404 as one that does not exist, with our header, an explanation and ways on", async ({
  browser,
}) => {
  const { page } = await own.signIn(browser, "outsider", outsider);
  const texts: string[] = [];
  for (const path of [`/w/${wikiSlug}`, pagePath, "/w/no-such-wiki", "/no/such/address"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    const notFound = page.getByTestId("not-found");
    await expect(notFound.getByRole("heading", { level: 1 })).toHaveText("There is nothing here for you");
    await expect(notFound).toContainText("This page does not exist, or it belongs to a wiki you are not a member of");
    await expect(notFound).toContainText("ask the wiki’s owner for an invitation");
    // Our own header (signed in: search, Inbox, the account) and the ways on.
    await expect(page.getByRole("banner").getByRole("link", { name: "Opinio" })).toBeVisible();
    await expect(page.getByRole("banner").getByRole("link", { name: /^Inbox/ })).toBeVisible();
    await expect(notFound.getByRole("link", { name: "Your wikis" })).toHaveAttribute("href", "/");
    await expect(notFound.getByRole("link", { name: "Go back" })).toBeVisible();
    texts.push(await notFound.innerText());
  }
  // Nothing tells an outsider that the first two exist.
  expect(new Set(texts).size).toBe(1);
  await page.goto(`/w/${wikiSlug}`);
  expect(await page.content()).not.toContain(wikiName);
  await shot(page, "not-found");

  // "Go back" returns to where the reader came from.
  await page.goto("/settings");
  await page.goto("/w/no-such-wiki");
  await page.getByTestId("not-found").getByRole("link", { name: "Go back" }).click();
  await expect(page).toHaveURL(/\/settings$/);
});

test("signed out, the 404 still has a header and offers to sign in", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: own.state.url });
  const page = await context.newPage();
  const response = await page.goto("/no/such/address");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("banner").getByRole("link", { name: "Opinio" })).toBeVisible();
  await expect(page.getByTestId("not-found").getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/signin");
  await context.close();
});

test("every page names our favicon, and the server serves it", async () => {
  const { page } = ownerSession;
  await page.goto("/");
  const icon = page.locator('head link[rel="icon"]');
  await expect(icon).toHaveAttribute("href", "/favicon.svg");
  await expect(icon).toHaveAttribute("type", "image/svg+xml");
  const reply = await page.request.get("/favicon.svg");
  expect(reply.status()).toBe(200);
  expect(reply.headers()["content-type"]).toContain("image/svg+xml");
  expect(await reply.text()).toContain("<svg");
  // The address browsers try on their own leads there too, rather than to a 404.
  const legacy = await page.request.get("/favicon.ico", { maxRedirects: 0 });
  expect(legacy.status()).toBe(308);
  expect(legacy.headers()["location"]).toBe("/favicon.svg");
  expect((await page.request.get("/favicon.ico")).headers()["content-type"]).toContain("image/svg+xml");
});

test("the header's Inbox link shows the unread count, and loses it once read", async () => {
  const { page } = ownerSession;
  await page.goto("/");
  const inbox = page.getByRole("banner").getByTestId("inbox-link");
  // The badge is a flex item, so Chromium puts a space before the hidden ", 2 unread".
  await expect(inbox).toHaveAccessibleName(/^Inbox ?, 2 unread$/);
  // What the eye sees: the count in the badge (its ", " and " unread" are for screen readers only).
  await expect(inbox.getByTestId("inbox-unread")).toHaveText(/^\W*2 unread$/);
  await page.getByRole("banner").screenshot({ path: screenshotPath("conveniences-inbox-count") });
  await inbox.click();
  await page.getByTestId("mark-inbox-read").click();
  await expect(page.getByRole("banner").getByTestId("inbox-link")).toHaveAccessibleName("Inbox");
  await expect(page.getByRole("banner").getByTestId("inbox-unread")).toHaveCount(0);
});

test("Members: a new invite link is copied with one click; the pending invitation is revoked in the page, and its link then says so", async () => {
  const { page } = ownerSession;
  await page.goto(`/w/${wikiSlug}/members`);
  const email = `newcomer-${Date.now()}@example.test`;
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("commenter");
  await page.getByRole("button", { name: "Add member" }).click();
  const link = await page.getByTestId("invite-link").inputValue();
  expect(link).toMatch(/\/invite\/inv_/);

  const copy = page.getByTestId("copy-invite-link");
  await expect(copy).toHaveAccessibleName("Copy invite link");
  await copy.click();
  await expect(copy).toHaveText("Copied ✓");
  await expect(copy).toHaveAccessibleName("invite link copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await shot(page, "members-invite-copied");
  // The "Copied" state is a moment, not a setting.
  await expect(copy).toHaveText("Copy", { timeout: 5_000 });

  // Listed again under Pending invitations, with a Revoke that asks in the page first.
  const row = page.getByTestId("invite-row").filter({ hasText: email });
  await expect(row).toContainText("Invited as commenter");
  await row.getByTestId("revoke-invite").click();
  const question = row.getByRole("group", { name: `Revoke the invitation for ${email}? Its link will stop working.` });
  await expect(question.getByRole("button", { name: "Yes, revoke" })).toBeFocused();
  await shot(page, "members-revoke-confirm");
  // Escape takes it back, focus returns to Revoke.
  await page.keyboard.press("Escape");
  await expect(row.getByTestId("revoke-invite")).toBeFocused();
  await row.getByTestId("revoke-invite").click();
  await row.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByTestId("invite-row").filter({ hasText: email })).toHaveCount(0);

  // The link now says the invitation was revoked, and offers no form.
  const visitor = await page.context().browser()!.newContext();
  const visitorPage = await visitor.newPage();
  await visitorPage.goto(link);
  await expect(visitorPage.getByRole("heading", { level: 1 })).toHaveText("Invitation unavailable");
  await expect(visitorPage.getByText("This invitation was revoked. Ask the wiki's owner for a new one")).toBeVisible();
  await expect(visitorPage.getByLabel("Password")).toHaveCount(0);
  await shot(visitorPage, "invite-revoked");
  await visitor.close();

  // The audit log records it.
  await page.goto(`/w/${wikiSlug}/audit`);
  await expect(page.getByText("Invitation revoked").first()).toBeVisible();
});

test("Members: Remove asks in the page, not in a browser dialog, and Cancel changes nothing", async () => {
  const { page } = ownerSession;
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`/w/${wikiSlug}/members`);
  const row = page.getByTestId("member-row").filter({ hasText: colleague.name });
  await row.getByTestId("remove-member").click();
  const question = row.getByRole("group", { name: `Remove ${colleague.name} from this wiki?` });
  await expect(question.getByRole("button", { name: "Yes, remove" })).toBeFocused();
  await question.getByRole("button", { name: "Cancel" }).click();
  await expect(row.getByTestId("remove-member")).toBeFocused();
  await page.reload();
  await expect(page.getByTestId("member-row").filter({ hasText: colleague.name })).toHaveCount(1);
  expect(dialogs).toEqual([]);
});

test("Members: adding someone who has an account says in plain words what they now are", async () => {
  const { page } = ownerSession;
  await page.goto(`/w/${wikiSlug}/members`);
  await page.getByLabel("E-mail address").fill(outsider.email);
  await page.getByLabel("Role", { exact: true }).selectOption("editor");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByText(`${outsider.email} is now an editor.`)).toBeVisible();
  await expect(page.getByTestId("member-row").filter({ hasText: outsider.name })).toHaveCount(1);
});

test("Settings: a new API token is copied with one click", async () => {
  const { page } = ownerSession;
  await page.goto("/settings");
  await page.getByLabel("Token name").fill("citation script");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByTestId("new-token").inputValue();
  expect(token).toMatch(/^opn_/);
  const copy = page.getByTestId("copy-token");
  await copy.click();
  await expect(copy).toHaveText("Copied ✓");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await shot(page, "settings-token-copied");
});

test("Settings: a wrong current password is refused and changes nothing; the right one changes the password", async ({ browser }) => {
  const { page } = await own.signIn(browser, "colleague", colleague);
  await page.goto("/settings");
  const form = page.getByTestId("change-password");
  await form.getByLabel("Current password").fill("not the password");
  await form.getByLabel("New password", { exact: true }).fill("a much better password");
  await form.getByLabel("Repeat the new password").fill("a much better password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toHaveText("Your current password is not correct; nothing was changed.");
  await shot(page, "settings-password-wrong");

  // Too short a new password: the server's own rule and message.
  await form.getByLabel("Current password").fill(colleague.password);
  await form.getByLabel("New password", { exact: true }).fill("short");
  await form.getByLabel("Repeat the new password").fill("short");
  // The browser's minlength would stop the form before the server could answer; the server's rule is what matters.
  await form.evaluate((element) => element.querySelectorAll("input").forEach((input) => input.removeAttribute("minlength")));
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toHaveText("Password must be at least 10 characters");

  await form.getByLabel("Current password").fill(colleague.password);
  await form.getByLabel("New password", { exact: true }).fill("a much better password");
  await form.getByLabel("Repeat the new password").fill("a much better password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toContainText("Password changed.");
  await shot(page, "settings-password-changed");

  // The new password signs in; the old one no longer does.
  const fresh = await signedInContext(browser, own.state, { ...colleague, password: "a much better password" });
  await fresh.context.close();
  const old = await browser.newContext({ baseURL: own.state.url });
  const oldPage = await old.newPage();
  await oldPage.goto("/signin");
  await oldPage.getByLabel("E-mail").fill(colleague.email);
  await oldPage.getByLabel("Password").fill(colleague.password);
  await oldPage.getByRole("button", { name: "Sign in" }).click();
  await expect(oldPage.getByRole("main").getByRole("alert")).toHaveText("Wrong e-mail or password.");
  await old.close();
});

test("Settings: changing the password can sign out every other browser, keeping this one signed in", async ({ browser }) => {
  const traveller = await makeUser("Tamsin Traveller");
  const here = await own.signIn(browser, "traveller-here", traveller);
  const elsewhere = await own.signIn(browser, "traveller-elsewhere", traveller);
  await here.page.goto("/settings");
  const form = here.page.getByTestId("change-password");
  await form.getByLabel("Current password").fill(traveller.password);
  await form.getByLabel("New password", { exact: true }).fill("a password nobody else has");
  await form.getByLabel("Repeat the new password").fill("a password nobody else has");
  await form.getByLabel("Sign out every other browser and device (this one stays signed in)").check();
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(here.page.getByTestId("password-changed-everywhere")).toHaveText(
    "Password changed. Every other browser is signed out; this one stays signed in.",
  );
  await shot(here.page, "settings-password-other-browsers-signed-out");

  // This browser still reads its settings; the other one is sent to sign in.
  await here.page.reload();
  await expect(here.page).toHaveURL(/\/settings\?/);
  await expect(here.page.getByTestId("change-password")).toBeVisible();
  await elsewhere.page.goto("/settings");
  await expect(elsewhere.page).toHaveURL(/\/signin/);
  await here.context.close();
  await elsewhere.context.close();
});

test("a title over 200 characters is not cut: the field says how much too long it is and the form waits", async () => {
  const { page } = ownerSession;
  await page.goto(`/w/${wikiSlug}/new`);
  const long = `${"A very long title about due diligence in cyberspace ".repeat(5)}and more`;
  expect(long.length).toBeGreaterThan(200);
  const title = page.getByLabel("Title", { exact: true });
  // The new-page form's own (the import form below has one too).
  const message = page.getByTestId("title-length-message").first();
  await title.fill(long);
  await expect(title).toHaveValue(long);
  await expect(message).toHaveText(`${long.length - 200} characters too long: a title is at most 200 characters.`);
  await expect(title).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Create page" }).click();
  await expect(page).toHaveURL(/\/new$/);
  await expect(title).toHaveValue(long);
  await shot(page, "title-too-long");
  // Cut to fit, the message goes and the page is created.
  await title.fill(long.slice(0, 200));
  await expect(message).toHaveText("");
  await page.getByRole("button", { name: "Create page" }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/new"));

  // Rename says the same.
  await page.getByRole("button", { name: "Rename" }).click();
  const rename = page.getByLabel("New title");
  await rename.fill(`${long}!`);
  await expect(page.getByTestId("title-length-message")).toHaveText(
    `${long.length + 1 - 200} characters too long: a title is at most 200 characters.`,
  );
  await page.getByRole("button", { name: "Save" }).click();
  await expect(rename).toHaveValue(`${long}!`);
  await shot(page, "rename-too-long");
});

test("an empty page invites its editors to write", async () => {
  const { page } = ownerSession;
  await page.goto(emptyPagePath);
  const live = await waitForLiveEditor(page);
  const first = live.locator("p").first();
  await expect(first).toHaveAttribute("data-placeholder", "Write the argument of this strand…");
  expect(await first.evaluate((p) => getComputedStyle(p, "::before").content)).toBe('"Write the argument of this strand…"');
  await shot(page, "empty-page-placeholder");
  // Typing replaces it.
  await live.focus();
  await page.keyboard.type("A first sentence.");
  await expect(live.locator("p.is-editor-empty")).toHaveCount(0);
});

test("times are shown in the reader's time zone, with the zone named", async ({ browser }) => {
  const session = await own.signIn(browser, "owner in New York", owner, { timezoneId: "America/New_York" });
  const { page } = session;
  await page.goto(`${pagePath}/history`);
  const time = page.getByTestId("version-row").last().locator("time");
  const iso = await time.getAttribute("datetime");
  expect(iso).toMatch(/Z$/);
  // December in New York: five hours behind UTC.
  const expected = new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "America/New_York",
  }).format(new Date(iso!));
  await expect(time).toContainText(expected);
  await expect(time).toContainText(/GMT-[45]/);
  await expect(time).not.toContainText("UTC");
  await shot(page, "history-local-time");

  // The version's own page says when, in the same zone.
  await page.goto(`${pagePath}/history/1`);
  await expect(page.getByTestId("version-banner").locator("time")).toContainText(/GMT-[45]/);
  // Settings too.
  await page.goto("/settings");
  await expect(page.locator("time").first()).toContainText(/GMT-[45]|\d{4}/);
});

test("the Export menu closes once a format is chosen", async () => {
  const { page } = ownerSession;
  await page.goto(pagePath);
  const menu = page.getByTestId("export-menu").filter({ has: page.locator("summary", { hasText: /^Export\s*▾$/ }) });
  await menu.locator("summary").click();
  await expect(menu).toHaveAttribute("open", "");
  const [download] = await Promise.all([page.waitForEvent("download"), menu.getByRole("link", { name: /Markdown/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.md$/);
  await expect(menu).not.toHaveAttribute("open");
  await expect(menu.getByRole("link", { name: /Markdown/ })).toBeHidden();
  await shot(page, "export-menu-closed");
});
