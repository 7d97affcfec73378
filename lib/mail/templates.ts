import type { Role } from "@/db/schema";
import { mailDate, renderMail, type RenderedMail } from "./render";

const ROLE_WORDS: Record<Role, string> = {
  owner: "an owner (everything, including members)",
  editor: "an editor (writes and organises pages)",
  reviewer: "a reviewer (comments and suggests changes for the editors to accept)",
  commenter: "a commenter (reads and comments)",
  viewer: "a viewer (reads)",
};

/** The invitation to someone without an account: who invites, to which wiki, as what, until when. */
export function invitationMail(input: { inviterName: string; wikiName: string; role: Role; url: string; expiresAt: Date }): RenderedMail {
  return renderMail({
    subject: `${input.inviterName} invited you to “${input.wikiName}” on Opinio`,
    greeting: "Hello,",
    paragraphs: [
      `${input.inviterName} invited you to join the wiki “${input.wikiName}” on Opinio as ${ROLE_WORDS[input.role]}.`,
      "Opening the link lets you choose your name and a password; your account and your place in the wiki are then ready.",
    ],
    action: { label: "Accept the invitation", url: input.url },
    notes: [
      `The link works once, until ${mailDate(input.expiresAt)}.`,
      "If you did not expect this invitation, ignore this mail: nothing happens unless the link is opened.",
    ],
  });
}

/** A password reset link: what it does, how long it lasts, and what to do if it was not asked for. */
export function passwordResetMail(input: { name: string; url: string; expiresAt: Date }): RenderedMail {
  return renderMail({
    subject: "Reset your Opinio password",
    greeting: `Hello ${input.name},`,
    paragraphs: ["Someone (we hope you) asked to reset the password of your Opinio account. Choose a new one here:"],
    action: { label: "Choose a new password", url: input.url },
    notes: [
      `The link works once, until ${mailDate(input.expiresAt)}. Setting a new password signs your account out everywhere else.`,
      "If you did not ask for this, ignore this mail: your password stays as it is.",
    ],
  });
}

export type NotificationItem = {
  kind: "mention" | "reply";
  authorName: string | null;
  body: string;
  deleted: boolean;
  pageTitle: string;
  pageUrl: string;
  wikiName: string;
};

const excerpt = (item: NotificationItem) =>
  item.deleted ? "(this comment was deleted)" : item.body.length > 600 ? `${item.body.slice(0, 599)}…` : item.body;
const line = (item: NotificationItem) =>
  `${item.authorName ?? "Someone"} ${item.kind === "mention" ? "mentioned you" : "replied in a thread of yours"}:`;
const unsubscribeNote = (url: string) =>
  `You get these e-mails for mentions and replies. Choose how often in Settings, or stop them all: ${url}`;

/** One page's new mentions and replies for one person, in one mail (a burst becomes one mail). */
export function notificationMail(items: NotificationItem[], unsubscribeUrl: string): RenderedMail {
  const first = items[0];
  const subject =
    items.length === 1
      ? `${first.authorName ?? "Someone"} ${first.kind === "mention" ? "mentioned you" : "replied"} on “${first.pageTitle}”`
      : `${items.length} new comments for you on “${first.pageTitle}”`;
  return renderMail({
    subject,
    greeting: "Hello,",
    paragraphs: [`On “${first.pageTitle}” in ${first.wikiName}:`, ...items.flatMap((item) => [line(item), excerpt(item)])],
    action: { label: "Open the page", url: first.pageUrl },
    notes: [unsubscribeNote(unsubscribeUrl)],
  });
}

/** The daily digest: everything since the last one, page by page. */
export function digestMail(items: NotificationItem[], unsubscribeUrl: string, settingsUrl: string): RenderedMail {
  const byPage = new Map<string, NotificationItem[]>();
  for (const item of items) byPage.set(item.pageUrl, [...(byPage.get(item.pageUrl) ?? []), item]);
  return renderMail({
    subject: `Your Opinio digest: ${items.length} new comment${items.length === 1 ? "" : "s"} for you`,
    greeting: "Hello,",
    paragraphs: [...byPage.entries()].flatMap(([url, group]) => [
      `On “${group[0].pageTitle}” in ${group[0].wikiName} (${url}):`,
      ...group.flatMap((item) => [line(item), excerpt(item)]),
    ]),
    action: { label: "Open your settings", url: settingsUrl },
    notes: [unsubscribeNote(unsubscribeUrl)],
  });
}
