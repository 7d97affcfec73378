import { insertOutboxMail, type NewOutboxMail } from "@/db/queries/mail-outbox";
import { config, mailEnabled } from "@/lib/env";
import { newId } from "@/lib/ids";
import { registry } from "@/lib/server/registry";
import { headerText, type RenderedMail } from "./render";

export type MailKind = "invitation" | "password-reset" | "notification" | "digest";

export type OutgoingMail = RenderedMail & {
  kind: MailKind;
  to: string;
  /** The wiki the mail concerns: its owners see the mail there if it cannot be delivered. */
  wikiId?: string | null;
  /** Where replies go (the person who invited), with a display name. */
  replyTo?: { name: string; address: string };
  /** The address a mail client POSTs to for one-click unsubscribe (RFC 8058). */
  unsubscribeUrl?: string;
};

/** What the outbox keeps besides recipient, subject and bodies (lib/mail/sender.ts reads it). */
export type StoredHeaders = { replyTo?: { name: string; address: string }; unsubscribeUrl?: string };

/** The domain of MAIL_FROM, for Message-IDs (`<id@example.org>`). */
export function mailDomain(): string {
  const from = config.mailFrom ?? "";
  return /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? "opinio.invalid";
}

function toOutboxMail(mail: OutgoingMail): NewOutboxMail {
  const id = newId();
  const headers: StoredHeaders = {
    ...(mail.replyTo ? { replyTo: { name: headerText(mail.replyTo.name, 100), address: mail.replyTo.address } } : {}),
    ...(mail.unsubscribeUrl ? { unsubscribeUrl: mail.unsubscribeUrl } : {}),
  };
  return {
    id,
    messageId: `<${id}@${mailDomain()}>`,
    kind: mail.kind,
    wikiId: mail.wikiId ?? null,
    recipient: mail.to,
    subject: headerText(mail.subject),
    textBody: mail.text,
    htmlBody: mail.html,
    headers,
  };
}

/**
 * Puts a mail into the outbox; the background sender delivers it. Call it inside the transaction
 * (db/executor.ts) of the change that causes the mail: both are committed together or not at all,
 * and a crash right after the commit loses nothing. Without SMTP_URL nothing is written (null).
 */
export async function enqueueMailAsync(mail: OutgoingMail): Promise<string | null> {
  if (!mailEnabled()) return null;
  const row = await insertOutboxMail(toOutboxMail(mail));
  // Woken, not called: the sender claims the mail once this transaction has committed (its
  // claim waits for the transaction on SQLite, and does not see the row before it on PostgreSQL).
  registry().mailer?.wake();
  return row.id;
}
