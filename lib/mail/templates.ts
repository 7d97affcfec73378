import type { NotificationKind, Role, SuggestionDecision } from "@/db/schema";
import { mailDate, renderMail, type RenderedMail } from "./render";
import { clipText } from "@/lib/text/clip";
import { ROLE_WORDS } from "@/lib/roles/words";

/** The invitation to someone without an account: who invites, to which wiki, as what, until when. */
export function invitationMail(input: { inviterName: string; wikiName: string; role: Role; url: string; expiresAt: Date }): RenderedMail {
  return renderMail({
    subject: `${input.inviterName} invited you to “${input.wikiName}” on Opinio`,
    greeting: "Hello,",
    paragraphs: [
      `${input.inviterName} invited you to join the wiki “${input.wikiName}” on Opinio as ${ROLE_WORDS[input.role].withArticle} (${ROLE_WORDS[input.role].does}).`,
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

/** What each kind of notification is about, for subjects and unsubscribe links. */
export const NOTIFICATION_KIND_WORDS: Record<NotificationKind, string> = {
  mention: "mentions of you",
  reply: "replies in your threads",
  suggestion: "suggested changes to your pages",
  decision: "decisions on your suggestions",
};

export type NotificationItem = {
  kind: NotificationKind;
  authorName: string | null;
  /** The comment, or what the suggestion does ("Replace 'binding' with 'emerging'"). */
  body: string;
  /** The comment was deleted since. */
  deleted: boolean;
  /** Suggestions and decisions: where the suggestion stands now. */
  status?: "pending" | SuggestionDecision;
  pageTitle: string;
  pageUrl: string;
  wikiName: string;
};

/** The unsubscribe pages a notification mail links to. */
export type UnsubscribeLinks = { all: string; kind(kind: NotificationKind): string };

const who = (item: NotificationItem) => item.authorName ?? "Someone";
const decided = (item: NotificationItem) => (item.status === "rejected" ? "rejected" : "accepted");

const excerpt = (item: NotificationItem) => (item.deleted ? "(this comment was deleted)" : clipText(item.body, 600));

function line(item: NotificationItem): string {
  switch (item.kind) {
    case "mention":
      return `${who(item)} mentioned you:`;
    case "reply":
      return `${who(item)} replied in a thread of yours:`;
    case "suggestion":
      return `${who(item)} suggested a change${item.status && item.status !== "pending" ? ` (since ${item.status})` : ""}:`;
    case "decision":
      return `${who(item)} ${decided(item)} your suggestion:`;
  }
}

function oneSubject(item: NotificationItem): string {
  const on = `on “${item.pageTitle}”`;
  switch (item.kind) {
    case "mention":
      return `${who(item)} mentioned you ${on}`;
    case "reply":
      return `${who(item)} replied ${on}`;
    case "suggestion":
      return `${who(item)} suggested a change ${on}`;
    case "decision":
      return `${who(item)} ${decided(item)} your suggestion ${on}`;
  }
}

/** "3 new comments for you", "2 suggested changes", …: what several items are, counted. */
function counted(items: NotificationItem[]): string {
  const n = items.length;
  const only = (...kinds: NotificationKind[]) => items.every((item) => kinds.includes(item.kind));
  if (only("mention", "reply")) return `${n} new comment${n === 1 ? "" : "s"} for you`;
  if (only("suggestion")) return `${n} suggested change${n === 1 ? "" : "s"}`;
  if (only("decision")) return `${n} decision${n === 1 ? "" : "s"} on your suggestions`;
  return `${n} new update${n === 1 ? "" : "s"} for you`;
}

/** A link per kind the mail holds that stops that kind alone, and one that stops everything. */
function unsubscribeNotes(items: NotificationItem[], links: UnsubscribeLinks): string[] {
  const kinds = [...new Set(items.map((item) => item.kind))];
  return [
    ...kinds.map((kind) => `No more e-mails about ${NOTIFICATION_KIND_WORDS[kind]}: ${links.kind(kind)}`),
    `Choose how often in Settings, or stop all notification e-mails: ${links.all}`,
  ];
}

/** One page's new items for one person, in one mail (a burst becomes one mail). */
export function notificationMail(items: NotificationItem[], unsubscribe: UnsubscribeLinks): RenderedMail {
  const first = items[0];
  return renderMail({
    subject: items.length === 1 ? oneSubject(first) : `${counted(items)} on “${first.pageTitle}”`,
    greeting: "Hello,",
    paragraphs: [`On “${first.pageTitle}” in ${first.wikiName}:`, ...items.flatMap((item) => [line(item), excerpt(item)])],
    action: { label: "Open the page", url: first.pageUrl },
    notes: unsubscribeNotes(items, unsubscribe),
  });
}

/** The daily digest: everything since the last one, page by page. */
export function digestMail(items: NotificationItem[], unsubscribe: UnsubscribeLinks, settingsUrl: string): RenderedMail {
  const byPage = new Map<string, NotificationItem[]>();
  for (const item of items) byPage.set(item.pageUrl, [...(byPage.get(item.pageUrl) ?? []), item]);
  return renderMail({
    subject: `Your Opinio digest: ${counted(items)}`,
    greeting: "Hello,",
    paragraphs: [...byPage.entries()].flatMap(([url, group]) => [
      `On “${group[0].pageTitle}” in ${group[0].wikiName} (${url}):`,
      ...group.flatMap((item) => [line(item), excerpt(item)]),
    ]),
    action: { label: "Open your settings", url: settingsUrl },
    notes: unsubscribeNotes(items, unsubscribe),
  });
}
