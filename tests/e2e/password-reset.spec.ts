import { closeDb } from "@/db/client";
import { createFirstUser } from "@/lib/commands/users";
// Aliased: the name is not a React hook, whatever its prefix tells the hooks lint rule.
import { useDataDir as openDataDir } from "../helpers/fixtures";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp";
import { collectPageErrors, expect, test } from "./support/fixtures";
import { startOwnServer } from "./support/own-server";

/**
 * "Forgot your password?" in a real browser, against a server of its own with e-mail on (a real
 * SMTP server started here receives the mail): the link in the mail sets a new password and
 * signs the person in.
 */
const PERSON = { name: "Petra Forgetful", email: "petra@example.test", password: "the password she forgot" };
const NEW_PASSWORD = "a password she will remember";

let smtp: TestSmtpServer;
let running: Awaited<ReturnType<typeof startOwnServer>>;

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(90_000);
  smtp = await startSmtpServer();
  running = await startOwnServer("password-reset", { SMTP_URL: smtp.url, MAIL_FROM: "Opinio <wiki@opinio.test>", MAIL_RETRY_MS: "200" });
  closeDb();
  openDataDir(running.state.dataDir);
  await createFirstUser(PERSON);
});

test.afterAll(async () => {
  await running?.stop();
  await smtp?.close();
});

test("forgot password → mail → new password → signed in", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: running.state.url });
  const page = await context.newPage();
  const errors = collectPageErrors(page);

  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.waitForURL((url) => url.pathname === "/password-reset");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("E-mail").fill(PERSON.email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByText("a link to reset its password is on its way")).toBeVisible();

  const [received] = await smtp.waitForMails(1);
  expect(received.envelopeTo).toEqual([PERSON.email]);
  const link = /(https?:\/\/\S+\/password-reset\/\S+)/.exec(received.mail.text ?? "")?.[1];
  expect(link).toBeDefined();

  await page.goto(link!);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("New password again").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.getByRole("heading", { name: "Your wikis" })).toBeVisible();

  // The link was for one use.
  await page.goto(link!);
  await expect(page.getByText("already been used")).toBeVisible();
  expect(errors, "uncaught errors or CSP violations").toEqual([]);
  await context.close();
});
