import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDbHandle } from "@/db/client";
import { readNotificationSettings } from "@/db/queries/notification-mail";
import { insertPasswordReset } from "@/db/queries/users";
import { hashSecret, newId } from "@/lib/ids";
import { unsubscribeToken } from "@/lib/mail/unsubscribe";
import { makeUser, makeWikiWithMembers, useDataDir } from "../helpers/fixtures";
import { callApi, makeDataDir, startServer, TEST_SECRET, type RunningServer } from "../helpers/server";
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from "../helpers/smtp";
import { sessionCookie } from "../helpers/session-cookie";
import { actionId, encodeReply } from "../helpers/server-actions";
import { waitFor } from "../helpers/wait";

/**
 * E-mail end to end: the real server (a production build) with SMTP_URL pointing at a real SMTP
 * server started here. Invitations and password resets over HTTP, the links in the mails
 * followed, and a server killed with mail still in its outbox.
 */
const MAIL_FROM = "Opinio <wiki@opinio.test>";
let smtp: TestSmtpServer;
let server: RunningServer;

const serverEnv = () => ({ SMTP_URL: smtp.url, MAIL_FROM, MAIL_RETRY_MS: "200" });

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startServer({ dataDir: makeDataDir("opinio-mail-"), env: serverEnv() });
  useDataDir(server.dataDir);
});

afterAll(async () => {
  await server?.kill();
  await smtp?.close();
});

/** The mail that arrived for `to` (waiting for it), and the first link in its text. */
async function mailTo(to: string): Promise<{ received: ReceivedMail; link: string }> {
  const received = await waitFor(() => {
    const found = smtp.received.find((m) => m.envelopeTo.includes(to));
    if (!found) throw new Error(`no mail for ${to} yet`);
    return found;
  });
  const link = /(https?:\/\/\S+)/.exec(received.mail.text ?? "")?.[1];
  if (!link) throw new Error(`no link in the mail:\n${received.mail.text}`);
  return { received, link };
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]);
}

/** A credentials sign-in over HTTP, as the browser makes it; the session cookie, or null when refused. */
async function signIn(email: string, password: string): Promise<string | null> {
  const csrf = await fetch(`${server.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; ") },
    body: new URLSearchParams({ email, password, csrfToken }),
  });
  if ((response.headers.get("location") ?? "").includes("error")) return null;
  return cookiesOf(response).find((c) => c.startsWith("authjs.session-token=")) ?? null;
}

async function me(cookie: string): Promise<number> {
  return (await fetch(`${server.url}/api/v1/me`, { headers: { cookie } })).status;
}

/** Submits the new-password form of a reset link's page. */
async function setNewPassword(
  link: string,
  secret: string,
  password: string,
): Promise<{ status: number; text: string; cookies: string[] }> {
  const form = new FormData();
  form.set("newPassword", password);
  form.set("repeatPassword", password);
  const body = await encodeReply([secret, undefined, form]);
  const response = await fetch(link, {
    method: "POST",
    headers: {
      accept: "text/x-component",
      "next-action": actionId("app/password-reset/actions.ts#completePasswordResetAction"),
      origin: server.url,
    },
    body,
    redirect: "manual",
  });
  return { status: response.status, text: await response.text(), cookies: cookiesOf(response) };
}

const secretOf = (link: string) => decodeURIComponent(new URL(link).pathname.split("/").pop()!);

describe("invitations by e-mail, over HTTP", () => {
  it("mails the invitation to the address, and its link opens the invitation", async () => {
    const owner = await makeUser("Ines Inviter");
    const { wiki } = await makeWikiWithMembers(owner);
    const reply = await callApi(server, owner.token, "POST", `/wikis/${wiki.id}/members`, {
      email: "invited.by.mail@example.test",
      role: "editor",
    });
    expect(reply.status).toBe(201);
    expect(reply.json).toMatchObject({ kind: "invite", mailed: true });
    const { received, link } = await mailTo("invited.by.mail@example.test");
    expect(received.envelopeTo).toEqual(["invited.by.mail@example.test"]);
    expect(received.mail.subject).toBe(`Ines Inviter invited you to “${wiki.name}” on Opinio`);
    expect(link).toBe(reply.json.inviteUrl);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`Join “${wiki.name}”`);
  });
});

describe("password reset over HTTP", () => {
  let accepted: { status: number; json: unknown };

  it("request → mail → link → new password: signed in with it, every earlier session ended", async () => {
    const user = await makeUser("Rita Reset");
    const oldSession = await signIn(user.email, user.password);
    expect(oldSession).not.toBeNull();
    expect(await me(oldSession!)).toBe(200);

    const reply = await callApi(server, null, "POST", "/password-resets", { email: user.email });
    accepted = { status: reply.status, json: reply.json };
    expect(reply.status).toBe(202);
    const { received, link } = await mailTo(user.email);
    expect(received.mail.subject).toBe("Reset your Opinio password");
    expect(link).toMatch(new RegExp(`^${server.url}/password-reset/pwr_`));
    const page = await fetch(link);
    expect(await page.text()).toContain("Choose a new password");

    const result = await setNewPassword(link, secretOf(link), "a brand new passphrase");
    expect(result.status, result.text).toBeLessThan(400);
    // The form signs the person in at once, in the account's new session epoch…
    const newSession = result.cookies.find((c) => c.startsWith("authjs.session-token="));
    expect(newSession).toBeDefined();
    expect(await me(newSession!)).toBe(200);
    // …and the session from before the reset no longer works.
    expect(await me(oldSession!)).toBe(401);
    expect(await signIn(user.email, user.password)).toBeNull();
    expect(await signIn(user.email, "a brand new passphrase")).not.toBeNull();

    // The link worked once.
    expect(await (await fetch(link)).text()).toContain("already been used");
    const again = await setNewPassword(link, secretOf(link), "yet another passphrase");
    expect(again.text).toContain("already been used");
    expect(await signIn(user.email, "a brand new passphrase")).not.toBeNull();
  });

  it("answers an unknown address exactly like a known one, and mails nothing", async () => {
    const unknown = await callApi(server, null, "POST", "/password-resets", { email: "no.such.account@example.test" });
    expect({ status: unknown.status, json: unknown.json }).toEqual(accepted);
    // Mail goes out in order: a mail for the unknown address would arrive before this one.
    const known = await makeUser("Kim Known");
    expect((await callApi(server, null, "POST", "/password-resets", { email: known.email })).status).toBe(202);
    await mailTo(known.email);
    expect(smtp.received.filter((m) => m.envelopeTo.includes("no.such.account@example.test"))).toEqual([]);
  });

  it("writes the request and the use of a reset to the audit log, with the account", async () => {
    const user = await makeUser("Audra Audit");
    const asked = Date.now();
    expect((await callApi(server, null, "POST", "/password-resets", { email: user.email })).status).toBe(202);
    const { link } = await mailTo(user.email);
    // The link is valid for one hour from the request.
    const expiresAt = getDbHandle()
      .sqlite.prepare("SELECT expires_at FROM password_resets WHERE user_id = ?")
      .pluck()
      .get(user.id) as number;
    expect(expiresAt - asked).toBeGreaterThan(59 * 60_000);
    expect(expiresAt - asked).toBeLessThanOrEqual(60 * 60_000 + 10_000);
    expect((await setNewPassword(link, secretOf(link), "an audited passphrase")).status).toBeLessThan(400);
    const actions = getDbHandle()
      .sqlite.prepare("SELECT action FROM audit_events WHERE target_type = 'user' AND target_id = ? ORDER BY id")
      .pluck()
      .all(user.id);
    expect(actions).toEqual(["auth.password-reset-requested", "auth.password-reset-used"]);
    // A reset ends sessions, and revokes nothing else: the account's API token still works.
    expect((await callApi(server, user.token, "GET", "/me")).status).toBe(200);
  });

  it("refuses an expired link and changes nothing", async () => {
    const user = await makeUser("Eve Expired");
    const secret = "pwr_expired-secret-for-the-test";
    await insertPasswordReset({ id: newId(), userId: user.id, tokenHash: hashSecret(secret), expiresAt: new Date(Date.now() - 1000) });
    const link = `${server.url}/password-reset/${secret}`;
    expect(await (await fetch(link)).text()).toContain("has expired");
    const result = await setNewPassword(link, secret, "not going to be set");
    expect(result.text).toContain("has expired");
    expect(await signIn(user.email, user.password)).not.toBeNull();
  });
});

describe("password reset budgets", () => {
  // Last of the reset tests: it spends the budget of this machine's address (127.0.0.1) for the
  // server process, which the crash test below restarts.
  it("mails one address at most three links an hour, answering alike; an address asking too often gets 429", async () => {
    const user = await makeUser("Flo Flooded");
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await callApi(server, null, "POST", "/password-resets", { email: user.email }));
    expect(replies.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(replies.map((r) => JSON.stringify(r.json))).size).toBe(1);
    // Mail goes out in order: once a later request's mail is in, a fourth link would be too.
    const sentinel = await makeUser("Sam Sentinel");
    await callApi(server, null, "POST", "/password-resets", { email: sentinel.email });
    await mailTo(sentinel.email);
    expect(smtp.received.filter((m) => m.envelopeTo.includes(user.email))).toHaveLength(3);

    let refused: Awaited<ReturnType<typeof callApi>> | undefined;
    for (let i = 0; i < 12 && !refused; i++) {
      const reply = await callApi(server, null, "POST", "/password-resets", { email: `nobody${i}@example.test` });
      if (reply.status !== 202) refused = reply;
    }
    expect(refused?.status).toBe(429);
    expect(JSON.stringify(refused?.json)).toContain("Too many requests");
  });
});

describe("mail that cannot be delivered", () => {
  it("is listed on Members for the wiki's owners, not for its editors", async () => {
    const owner = await makeUser("Owen Owner");
    const editor = await makeUser("Edie Editor");
    const { wiki } = await makeWikiWithMembers(owner, [{ user: editor, role: "editor" }]);
    smtp.refuseNext(1, 550);
    const invited = await callApi(server, owner.token, "POST", `/wikis/${wiki.id}/members`, {
      email: "bounce@example.test",
      role: "viewer",
    });
    expect(invited.status, JSON.stringify(invited.json)).toBeLessThan(300);
    const membersPage = async (who: { id: string; name: string; email: string }) =>
      (await fetch(`${server.url}/w/${wiki.slug}/members`, { headers: { cookie: await sessionCookie(who) } })).text();
    const shown = await waitFor(async () => {
      const html = await membersPage(owner);
      expect(html).toContain("E-mails that could not be delivered");
      return html;
    });
    expect(shown).toContain("bounce@example.test");
    expect(await membersPage(editor)).not.toContain("E-mails that could not be delivered");
  });
});

describe("one-click unsubscribe (RFC 8058)", () => {
  it("a mail client's POST, without cookie or Origin, turns notification e-mail off; a person's GET gets a page that asks", async () => {
    const user = await makeUser("Una Unsubscribe");
    // Tokens are signed with the server's secret.
    process.env.AUTH_SECRET = TEST_SECRET;
    const token = unsubscribeToken(user.id);
    const oneClick = await fetch(`${server.url}/api/unsubscribe/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect(await readNotificationSettings(user.id)).toEqual({ mention: "never", reply: "never", suggestion: "never", decision: "never" });

    const forged = await fetch(`${server.url}/api/unsubscribe/${token.split(".")[0]}.forged`, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
    });
    expect(forged.status).toBe(404);

    const opened = await fetch(`${server.url}/api/unsubscribe/${token}`, { redirect: "manual" });
    expect(opened.status).toBe(303);
    const page = await fetch(new URL(opened.headers.get("location")!, server.url));
    expect(await page.text()).toContain("Stop notification e-mails?");
  });
});

describe("delivery across a crash", () => {
  it("a mail written while the mail server was down, then the server killed (-9): sent once after the restart", async () => {
    const owner = await makeUser("Carla Crash");
    const { wiki } = await makeWikiWithMembers(owner);
    await smtp.down();
    const reply = await callApi(server, owner.token, "POST", `/wikis/${wiki.id}/members`, {
      email: "after.the.crash@example.test",
      role: "viewer",
    });
    expect(reply.json.mailed).toBe(true);
    await server.kill("SIGKILL");
    await smtp.up();
    server = await startServer({ dataDir: server.dataDir, env: serverEnv() });
    await mailTo("after.the.crash@example.test");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(smtp.received.filter((m) => m.envelopeTo.includes("after.the.crash@example.test"))).toHaveLength(1);
  });
});
