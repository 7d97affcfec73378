import nodemailer, { type Transporter } from "nodemailer";
import {
  claimNextOutboxMail,
  markOutboxMailFailed,
  markOutboxMailSent,
  nextOutboxAttemptAt,
  scheduleOutboxRetry,
} from "@/db/queries/mail-outbox";
import type { OutboxMail } from "@/db/schema";
import { config } from "@/lib/env";
import { logger } from "@/lib/logger";
import type { StoredHeaders } from "./outbox";

/** How long one attempt may hold its claim before another sender may take the mail over. */
const CLAIM_LEASE_MS = 5 * 60_000;
/** Retries wait twice as long each time, never longer than this. */
const MAX_RETRY_MS = 60 * 60_000;
/** A mail not delivered this long after it was written is given up. */
const GIVE_UP_MS = 24 * 60 * 60_000;
/** The outbox is also looked at this often, for mail written by another process (the CLI). */
const POLL_MS = 5_000;
/** On shutdown, an attempt under way gets this long to finish; after that it is retried at the next start. */
const STOP_GRACE_MS = 10_000;

export type MailSenderOptions = { smtpUrl: string; from: string; retryMs: number; giveUpMs?: number; pollMs?: number };

/** The delay before retry number `attempt` (1-based): retryMs, 2 × retryMs, 4 × … up to an hour. */
export function retryDelay(attempt: number, retryMs: number): number {
  return Math.min(MAX_RETRY_MS, retryMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * A mail server's 5xx answer to the recipient or the message is final: sending it again would
 * get the same answer. Everything else — the server unreachable, a 4xx ("try again later"),
 * even a refused login, which an operator can fix — is worth retrying.
 */
export function isPermanentFailure(error: unknown): boolean {
  const { responseCode, code } = (error ?? {}) as { responseCode?: unknown; code?: unknown };
  return typeof responseCode === "number" && responseCode >= 500 && (code === "EENVELOPE" || code === "EMESSAGE");
}

function describe(error: unknown): string {
  const { response, message } = (error ?? {}) as { response?: unknown; message?: unknown };
  return String(response || message || error).slice(0, 500);
}

/**
 * Drains the outbox in the background: claims one due mail at a time, sends it with nodemailer,
 * marks it sent. Nothing here runs inside a request or the collab server; a slow or absent mail
 * server only delays mail.
 *
 * Delivery is at least once: a mail is claimed (`sending`) before it is handed to the mail
 * server and marked `sent` after the server accepted it. If the process dies between the
 * server's acceptance and that mark, the next start sends the mail again, with the same
 * Message-ID, so mail clients and servers recognise the duplicate. Any other crash (before the
 * claim, during the attempt) leads to exactly one delivery.
 */
export class MailSender {
  private readonly transport: Transporter;
  private readonly startedAt = new Date();
  private stopping = false;
  private interrupt: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: MailSenderOptions) {
    this.transport = nodemailer.createTransport({
      url: options.smtpUrl,
      // A mail server that stalls must not hold an attempt for long (nodemailer's own socket
      // timeout is ten minutes).
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Looks at the outbox now (a mail was just written). */
  wake(): void {
    this.interrupt?.();
  }

  /** Finishes the attempt under way (for a few seconds at most) and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))]);
    clearTimeout(timer);
    this.transport.close();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const mail = await claimNextOutboxMail(new Date(), this.staleClaimsBefore());
        if (mail) {
          await this.deliver(mail);
          continue;
        }
        const due = await nextOutboxAttemptAt();
        await this.pause(due ? Math.min(Math.max(0, due.getTime() - Date.now()), this.pollMs) : this.pollMs);
      } catch (error) {
        // The database is busy or closing: try again later rather than die.
        logger.error({ err: error }, "mail sender: could not read the outbox");
        await this.pause(this.pollMs);
      }
    }
  }

  private get pollMs(): number {
    return this.options.pollMs ?? POLL_MS;
  }

  /**
   * Claims older than this are abandoned: any made before this sender started (its process is
   * gone: one Opinio process serves a SQLite database), or older than the lease.
   */
  private staleClaimsBefore(): Date {
    return new Date(Math.max(this.startedAt.getTime() - 1, Date.now() - CLAIM_LEASE_MS));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interrupt = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interrupt = done;
    });
  }

  private async deliver(mail: OutboxMail): Promise<void> {
    const stored = JSON.parse(mail.headers) as StoredHeaders;
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: mail.recipient,
        replyTo: stored.replyTo,
        subject: mail.subject,
        text: mail.textBody ?? "",
        html: mail.htmlBody ?? undefined,
        messageId: mail.messageId,
        date: mail.createdAt,
        // RFC 8058 one-click unsubscribe: the mail client POSTs "List-Unsubscribe=One-Click" there.
        headers: stored.unsubscribeUrl
          ? { "List-Unsubscribe": `<${stored.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
          : undefined,
      });
      await markOutboxMailSent(mail.id, new Date());
      logger.info({ mail: mail.id, kind: mail.kind, attempts: mail.attempts }, "mail sent");
    } catch (error) {
      await this.failed(mail, error);
    }
  }

  private async failed(mail: OutboxMail, error: unknown): Promise<void> {
    const now = Date.now();
    const giveUpAt = mail.createdAt.getTime() + (this.options.giveUpMs ?? GIVE_UP_MS);
    if (isPermanentFailure(error) || now >= giveUpAt) {
      await markOutboxMailFailed(mail.id, new Date(now), describe(error));
      logger.error({ mail: mail.id, kind: mail.kind, attempts: mail.attempts, error: describe(error) }, "mail given up");
      return;
    }
    // The last retry falls on the give-up time itself, so a day-long outage still gets a try at its end.
    const next = Math.min(now + retryDelay(mail.attempts, this.options.retryMs), giveUpAt);
    await scheduleOutboxRetry(mail.id, new Date(next), describe(error));
    logger.warn(
      { mail: mail.id, kind: mail.kind, attempts: mail.attempts, retryInMs: next - now, error: describe(error) },
      "mail not delivered yet; will retry",
    );
  }
}

/** Starts the sender when SMTP_URL is set (MAIL_FROM was checked at start-up); null otherwise. */
export function startMailSender(): MailSender | null {
  const smtpUrl = config.smtpUrl;
  const from = config.mailFrom;
  if (!smtpUrl || !from) return null;
  const sender = new MailSender({ smtpUrl, from, retryMs: config.mailRetryMs });
  sender.start();
  return sender;
}
