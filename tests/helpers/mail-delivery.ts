import { afterAll, afterEach, beforeAll } from "vitest";
import { MailSender } from "@/lib/mail/sender";
import { startSmtpServer, type TestSmtpServer } from "./smtp";

/**
 * E-mail switched on for a test file: a real SMTP server, the settings that make Opinio write to
 * its outbox (SMTP_URL, MAIL_FROM, PUBLIC_URL, plus `env`), and the real sender draining it quickly.
 * Registers its own teardown (settings restored as they were) and empties the received list after
 * each test. Read `smtp` through the handle: it exists once beforeAll has run.
 */
export function withMailDelivery(env: Record<string, string> = {}): { readonly smtp: TestSmtpServer } {
  let smtp: TestSmtpServer | undefined;
  let sender: MailSender | undefined;
  const settings = { MAIL_FROM: "Opinio <wiki@opinio.test>", PUBLIC_URL: "https://wiki.example.org", ...env };
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    smtp = await startSmtpServer();
    for (const [key, value] of Object.entries({ SMTP_URL: smtp.url, ...settings })) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    sender = new MailSender({ smtpUrl: smtp.url, from: settings.MAIL_FROM, retryMs: 100, pollMs: 100 });
    sender.start();
  });
  afterAll(async () => {
    await sender?.stop();
    await smtp?.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  afterEach(() => {
    if (smtp) smtp.received.length = 0;
  });
  return {
    get smtp() {
      if (!smtp) throw new Error("the SMTP server is not started: withMailDelivery starts it in beforeAll");
      return smtp;
    },
  };
}
