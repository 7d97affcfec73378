import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { transaction } from "@/db/executor";
import { claimNextOutboxMail, findOutboxMail } from "@/db/queries/mail-outbox";
import { enqueueMailAsync, type OutgoingMail } from "@/lib/mail/outbox";
import { renderMail } from "@/lib/mail/render";
import { MailSender } from "@/lib/mail/sender";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp";
import { withTemporaryDatabase } from "../helpers/temp-database";
import { clockTick, waitFor } from "../helpers/wait";

/**
 * The outbox and its sender against a real SMTP server process-side (smtp-server): what arrives,
 * and that a mail server that is down or answers "try again later" still gets every mail
 * exactly once. No Next build needed: the sender is the same class the server starts.
 */
const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM };
beforeAll(() => {
  // enqueueMail writes only when mail is configured; the sender here gets its URL directly.
  process.env.SMTP_URL = "smtp://127.0.0.1:1";
  process.env.MAIL_FROM = "Opinio <wiki@opinio.test>";
});
afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});
withTemporaryDatabase();

let smtp: TestSmtpServer | null = null;
let sender: MailSender | null = null;
afterEach(async () => {
  await sender?.stop();
  await smtp?.close();
  sender = smtp = null;
});

function startSender(server: TestSmtpServer, options: { giveUpMs?: number } = {}): MailSender {
  sender = new MailSender({ smtpUrl: server.url, from: "Opinio <wiki@opinio.test>", retryMs: 100, pollMs: 100, ...options });
  sender.start();
  return sender;
}

let counter = 0;
function aMail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  const n = ++counter;
  return {
    kind: "invitation",
    to: `person${n}@example.test`,
    ...renderMail({
      subject: `Mail number ${n}`,
      greeting: "Hello,",
      paragraphs: ["A paragraph."],
      action: { label: "Open", url: `http://wiki.test/x/${n}` },
    }),
    ...overrides,
  };
}

async function enqueue(mail: OutgoingMail): Promise<string> {
  const id = await transaction(() => enqueueMailAsync(mail));
  if (!id) throw new Error("nothing was enqueued");
  return id;
}

/** Lets a little more time pass, in which a duplicate would have arrived. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe("the mail outbox", () => {
  it("delivers a mail with its recipient, subject and Message-ID, then keeps only the record", async () => {
    smtp = await startSmtpServer();
    const id = await enqueue(aMail({ to: "ada@example.test", replyTo: { name: "Grace Hopper", address: "grace@example.test" } }));
    startSender(smtp);
    const [received] = await smtp.waitForMails(1);
    expect(received.envelopeTo).toEqual(["ada@example.test"]);
    expect(received.mail.subject).toMatch(/^Mail number \d+$/);
    expect(received.mail.from?.value).toEqual([{ name: "Opinio", address: "wiki@opinio.test" }]);
    expect(received.mail.replyTo?.value).toEqual([{ name: "Grace Hopper", address: "grace@example.test" }]);
    expect(received.mail.text).toContain("http://wiki.test/x/");
    expect(received.mail.html).toContain('href="http://wiki.test/x/');
    const row = await waitFor(async () => {
      const found = (await findOutboxMail(id))!;
      expect(found.status).toBe("sent");
      return found;
    });
    expect(received.mail.messageId).toBe(row.messageId);
    // The bodies may hold one-time links: not kept once delivered.
    expect(row.textBody).toBeNull();
    expect(row.htmlBody).toBeNull();
  });

  it("retries while the mail server is down and delivers exactly once when it is back", async () => {
    smtp = await startSmtpServer({ listening: false });
    const id = await enqueue(aMail());
    startSender(smtp);
    await waitFor(async () => expect((await findOutboxMail(id))!.attempts).toBeGreaterThanOrEqual(2));
    expect((await findOutboxMail(id))!.lastError).toMatch(/ECONNREFUSED|connect/i);
    await smtp.up();
    await smtp.waitForMails(1);
    await waitFor(async () => expect((await findOutboxMail(id))!.status).toBe("sent"));
    await settle();
    expect(smtp.received).toHaveLength(1);
  });

  it("retries after 4xx answers and delivers exactly once", async () => {
    smtp = await startSmtpServer();
    smtp.refuseNext(2, 451);
    const id = await enqueue(aMail());
    startSender(smtp);
    await smtp.waitForMails(1);
    await waitFor(async () => expect((await findOutboxMail(id))!.status).toBe("sent"));
    expect((await findOutboxMail(id))!.attempts).toBe(3);
    await settle();
    expect(smtp.received).toHaveLength(1);
  });

  it("gives up at once on a 5xx answer, and after the give-up time otherwise, keeping the error", async () => {
    smtp = await startSmtpServer();
    smtp.refuseNext(1, 554);
    const refused = await enqueue(aMail());
    // Long enough for several retries (100, 200, 400 … ms) even on a loaded CI machine, where a 1 s
    // give-up time once ended the mail after its first attempt.
    startSender(smtp, { giveUpMs: 4_000 });
    await waitFor(async () => expect((await findOutboxMail(refused))!.status).toBe("failed"));
    expect((await findOutboxMail(refused))!).toMatchObject({ attempts: 1, textBody: null });
    expect((await findOutboxMail(refused))!.lastError).toMatch(/Try again later|554/);

    await smtp.down();
    const unreachable = await enqueue(aMail());
    await waitFor(async () => expect((await findOutboxMail(unreachable))!.status).toBe("failed"), { timeout: 20_000 });
    expect((await findOutboxMail(unreachable))!.attempts).toBeGreaterThan(1);
    expect(smtp.received).toHaveLength(0);
  });

  it("after a crash, sends once both a mail written while no sender ran and one whose attempt was cut short", async () => {
    smtp = await startSmtpServer();
    const written = await enqueue(aMail());
    const interrupted = await enqueue(aMail());
    // A sender that died mid-attempt: its claim stays behind.
    const claimed = (await transaction(() => claimNextOutboxMail(new Date(), new Date(0))))!;
    expect(claimed.status).toBe("sending");
    expect([written, interrupted]).toContain(claimed.id);
    // The dead sender's claim predates the new process: in the same millisecond the new sender
    // could not tell it from a claim of its own.
    await clockTick();
    startSender(smtp);
    const mails = await smtp.waitForMails(2);
    await waitFor(async () =>
      expect([(await findOutboxMail(written))!.status, (await findOutboxMail(interrupted))!.status]).toEqual(["sent", "sent"]),
    );
    await settle();
    expect(smtp.received).toHaveLength(2);
    expect(new Set(mails.map((m) => m.mail.messageId)).size).toBe(2);
  });

  it("keeps a line break in a name or title from adding a header or a recipient", async () => {
    smtp = await startSmtpServer();
    const evil = "Mallory\r\nBcc: victim@example.test\r\nX-Evil: 1";
    await enqueue(
      aMail({ to: "ada@example.test", subject: `Invitation to ${evil}`, replyTo: { name: evil, address: "mallory@example.test" } }),
    );
    startSender(smtp);
    const [received] = await smtp.waitForMails(1);
    expect(received.envelopeTo).toEqual(["ada@example.test"]);
    expect(received.mail.bcc).toBeUndefined();
    expect(received.mail.headers.has("x-evil")).toBe(false);
    expect(received.mail.subject).toBe("Invitation to Mallory Bcc: victim@example.test X-Evil: 1");
    expect(received.mail.replyTo?.value[0].address).toBe("mallory@example.test");
  });

  it("writes nothing without SMTP_URL", async () => {
    delete process.env.SMTP_URL;
    try {
      expect(await transaction(() => enqueueMailAsync(aMail()))).toBeNull();
    } finally {
      process.env.SMTP_URL = "smtp://127.0.0.1:1";
    }
  });
});
