import { createFirstUser } from "@/lib/commands/users";
import { createWiki } from "@/lib/commands/wikis";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp";
import { collectPageErrors, expect, test, type Credentials } from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * Inviting by e-mail in real browsers, with e-mail on (a real SMTP server started here receives
 * the mail): the owner adds an address nobody uses yet, the invitation arrives saying who invited
 * whom to which wiki in which role, and its link makes the colleague an account and a member with
 * that role, which the owner then sees on Members. A re-sent invitation replaces the link.
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const OWNER: Credentials = { name: "Alberto Alvarez", email: "alvarez@example.test", password: "codification-1910" };
const COLLEAGUE = { name: "Hersch Lauterpacht", email: "lauterpacht@example.test", password: "function-of-law-1933" };
const WIKI = "Attribution of cyber operations";

let smtp: TestSmtpServer;
let owner: Session;
let membersPath: string;
/** Filled in once the SMTP server has a port: ownServer reads it when the server starts. */
const mailEnv: Record<string, string> = {};
const own = ownServer("invite-by-mail", mailEnv);

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  smtp = await startSmtpServer();
  Object.assign(mailEnv, { SMTP_URL: smtp.url, MAIL_FROM: "Opinio <wiki@opinio.test>", MAIL_RETRY_MS: "200" });
  await own.start();
  const first = await createFirstUser(OWNER);
  const wiki = await createWiki({ name: WIKI, description: "" }, first.id);
  membersPath = `/w/${wiki.slug}/members`;
  owner = await own.signIn(browser, "owner", OWNER);
});

test.afterAll(async () => {
  await smtp?.close();
});

test("an invitation by e-mail: the mail arrives, its link makes the colleague a commenter", async ({ browser }) => {
  const { page } = owner;
  await page.goto(membersPath);
  await expect(page.getByText("e-mail is off")).toHaveCount(0);
  await page.getByLabel("E-mail address").fill(COLLEAGUE.email);
  await page.getByLabel("Role", { exact: true }).selectOption("commenter");
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByText("an invitation is on its way to them by e-mail")).toBeVisible();

  const [received] = await smtp.waitForMails(1);
  expect(received.envelopeTo).toEqual([COLLEAGUE.email]);
  expect(received.mail.subject).toContain(WIKI);
  const text = received.mail.text ?? "";
  expect(text).toContain(OWNER.name);
  expect(text).toContain("commenter");
  const link = /(https?:\/\/\S+\/invite\/\S+)/.exec(text)?.[1];
  expect(link, text).toBeDefined();

  // The colleague follows the link from the mail, in a browser of their own.
  const context = await browser.newContext({ baseURL: own.state.url });
  const other = await context.newPage();
  const errors = collectPageErrors(other);
  await other.goto(link!);
  await other.getByLabel("Your name").fill(COLLEAGUE.name);
  await other.getByLabel("Choose a password").fill(COLLEAGUE.password);
  await other.getByRole("button", { name: "Create account and join" }).click();
  await other.waitForURL((url) => !url.pathname.startsWith("/invite/"));
  await expect(other.getByText(WIKI).first()).toBeVisible();
  expect(errors, "uncaught errors or CSP violations in the colleague's pages").toEqual([]);
  await context.close();

  // The owner sees a member, with the role the invitation gave, and no pending invitation.
  await page.goto(membersPath);
  await expect(page.getByLabel(`Role of ${COLLEAGUE.name}`)).toHaveValue("commenter");
  await expect(page.getByText(COLLEAGUE.email).first()).toBeVisible();
});
