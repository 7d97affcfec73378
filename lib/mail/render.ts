import { escapeHtml } from "@/lib/html-escape";
import { clipText } from "@/lib/text/clip";

/**
 * Mail is rendered here, from plain text only: every piece (a wiki's name, a person's name) is
 * text, escaped for the HTML part and put into headers only through `headerText`. No template
 * language, no user HTML.
 */

/**
 * Text fit for a header (a subject, a display name): line breaks and other control characters
 * become spaces, so nothing a user typed can end the header and start another (`\r\nBcc: …`).
 * nodemailer encodes what remains; this makes the text harmless before it gets there.
 */
export function headerText(value: string, maxLength = 200): string {
  const flat = value
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clipText(flat, maxLength);
}

export type MailContent = {
  subject: string;
  /** The greeting line ("Hello,"). */
  greeting: string;
  /** Paragraphs of plain text. */
  paragraphs: string[];
  /** The one thing to do: a button in HTML, the bare address in text. */
  action?: { label: string; url: string };
  /** Small print below the action. */
  notes?: string[];
};

export type RenderedMail = { subject: string; text: string; html: string };

/** When a link expires, as everyone reads it whatever their time zone: "4 December 2026, 15:30 UTC". */
export function mailDate(date: Date): string {
  const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
  const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" }).format(date);
  return `${day}, ${time} UTC`;
}

function safeLink(url: string): string {
  // Links are ours (PUBLIC_URL or the request's origin plus a path), but a mail must never carry
  // a javascript: or data: address even if that assumption breaks.
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error(`refusing to put a ${parsed.protocol} link into a mail`);
  return parsed.href;
}

const SIGNATURE = "— Opinio";

/** The plain-text and HTML parts of one mail, both from the same content. */
export function renderMail(content: MailContent): RenderedMail {
  const link = content.action ? safeLink(content.action.url) : null;
  const text = [
    content.greeting,
    ...content.paragraphs,
    ...(content.action && link ? [`${content.action.label}:\n${link}`] : []),
    ...(content.notes ?? []),
    SIGNATURE,
  ].join("\n\n");
  const paragraph = (body: string, style = "margin:0 0 16px") => `<p style="${style}">${escapeHtml(body).replace(/\n/g, "<br>")}</p>`;
  const html = [
    "<!doctype html>",
    `<html><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="font-family:Georgia,serif;font-size:16px;line-height:1.5;color:#1c1917;max-width:560px;margin:0 auto;padding:24px">',
    paragraph(content.greeting),
    ...content.paragraphs.map((p) => paragraph(p)),
    content.action && link
      ? `<p style="margin:24px 0"><a href="${escapeHtml(link)}" style="background:#1c1917;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>` +
        paragraph(`Or open this address: ${link}`, "margin:0 0 16px;font-size:13px;color:#57534e;word-break:break-all")
      : "",
    ...(content.notes ?? []).map((note) => paragraph(note, "margin:0 0 12px;font-size:13px;color:#57534e")),
    paragraph(SIGNATURE, "margin:24px 0 0;color:#57534e"),
    "</body></html>",
  ].join("\n");
  return { subject: headerText(content.subject), text, html };
}
