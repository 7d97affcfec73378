import { describe, expect, it } from "vitest";
import { readNotificationSettings } from "@/db/queries/notification-mail";
import { createThread, replyToThread } from "@/lib/commands/comments";
import { saveNotificationSettings, unsubscribeFromNotificationMail } from "@/lib/commands/notification-settings";
import { createPage } from "@/lib/commands/pages";
import { addMember, createWiki } from "@/lib/commands/wikis";
import { BURST_QUIET_MS, DIGEST_AFTER_MS, collectNotificationMail } from "@/lib/mail/notifications";
import { unsubscribeToken, verifyUnsubscribeToken } from "@/lib/mail/unsubscribe";
import { makeUser } from "../helpers/fixtures";
import { withMailDelivery } from "../helpers/mail-delivery";
import { withTemporaryDatabase } from "../helpers/temp-database";

/**
 * Mentions and replies by e-mail: the collector that turns Inbox items into outbox mail, as each
 * person chose, delivered by the real sender to a real SMTP server. The clock is passed in.
 */
withTemporaryDatabase();
const delivery = withMailDelivery({ AUTH_SECRET: "notification-test-secret" });

const later = (ms: number) => new Date(Date.now() + ms);
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

async function setting() {
  const author = await makeUser("Ada Author");
  const reader = await makeUser("Maya Reader");
  const wiki = await createWiki({ name: "Contract law", description: "" }, author.id);
  await addMember(wiki.id, reader.email, "commenter", author.id);
  const page = await createPage({ wikiId: wiki.id, title: "Consideration", markdown: "Text." }, author.id);
  return { author, reader, wiki, page };
}

describe("notification e-mail", () => {
  it("turns a burst of mentions on one page into one mail, once the page is quiet, with one-click unsubscribe", async () => {
    const { author, reader, page } = await setting();
    const thread = await createThread(page, author.id, { body: "@Maya first look at this", anchor: { kind: "page" } });
    await replyToThread(page, thread, author.id, "@Maya and <b>this</b>");
    await replyToThread(page, thread, author.id, "@Maya and this too");
    // Still busy: nothing yet.
    expect(await collectNotificationMail(new Date())).toBe(0);
    expect(await collectNotificationMail(later(BURST_QUIET_MS))).toBe(1);
    const [received] = await delivery.smtp.waitForMails(1);
    expect(received.envelopeTo).toEqual([reader.email]);
    expect(received.mail.subject).toBe("3 new comments for you on “Consideration”");
    expect(received.mail.text).toContain("Ada Author mentioned you:");
    expect(received.mail.text).toContain("https://wiki.example.org/w/");
    expect(received.mail.html).toContain("and &lt;b&gt;this&lt;/b&gt;");
    const oneClick = `https://wiki.example.org/api/unsubscribe/${unsubscribeToken(reader.id)}`;
    const headerLines = received.raw
      .split("\r\n\r\n")[0]
      .replace(/\r\n[ \t]+/g, " ")
      .split("\r\n");
    expect(headerLines).toContain(`List-Unsubscribe: <${oneClick}>`);
    expect(headerLines).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    // Each item is mailed once.
    expect(await collectNotificationMail(later(DIGEST_AFTER_MS))).toBe(0);
    await settle();
    expect(delivery.smtp.received).toHaveLength(1);
  });

  it("sends nothing for your own actions, nothing for a kind set to never, and digests a daily kind after a day", async () => {
    const { author, reader, page } = await setting();
    await saveNotificationSettings(reader.id, { mention: "never", reply: "daily" });
    const thread = await createThread(page, reader.id, { body: "A question of mine. @Ada mentioned by me", anchor: { kind: "page" } });
    await replyToThread(page, thread, reader.id, "@Maya talking to myself");
    await replyToThread(page, thread, author.id, "A reply to Maya's thread. @Maya");
    await replyToThread(page, thread, author.id, "And a second reply.");
    expect(await collectNotificationMail(later(BURST_QUIET_MS))).toBe(1); // the author's mention, mailed at once
    const [toAuthor] = await delivery.smtp.waitForMails(1);
    expect(toAuthor.envelopeTo).toEqual([author.email]);
    expect(await collectNotificationMail(later(DIGEST_AFTER_MS - 60_000))).toBe(0);
    expect(await collectNotificationMail(later(DIGEST_AFTER_MS + 1000))).toBe(1);
    const mails = await delivery.smtp.waitForMails(2);
    expect(mails[1].envelopeTo).toEqual([reader.email]);
    expect(mails[1].mail.subject).toMatch(/^Your Opinio digest: \d new comments? for you$/);
    expect(mails[1].mail.text).toContain("And a second reply.");
    await settle();
    expect(delivery.smtp.received).toHaveLength(2);
  });

  it("unsubscribe tokens are this server's and stop every kind, or the one kind they were made for", async () => {
    const { reader } = await setting();
    const token = unsubscribeToken(reader.id);
    expect(verifyUnsubscribeToken(token)).toEqual({ userId: reader.id, kind: null });
    expect(verifyUnsubscribeToken(`${token.split(".")[0]}.forged`)).toBeNull();
    expect(verifyUnsubscribeToken("nonsense")).toBeNull();
    const forSuggestions = unsubscribeToken(reader.id, "suggestion");
    expect(verifyUnsubscribeToken(forSuggestions)).toEqual({ userId: reader.id, kind: "suggestion" });
    // The kind is signed: a link for one kind cannot be turned into one for another, or for all.
    const [id, , mac] = forSuggestions.split(".");
    expect(verifyUnsubscribeToken(`${id}.mention.${mac}`)).toBeNull();
    expect(verifyUnsubscribeToken(`${id}.${mac}`)).toBeNull();
    expect(verifyUnsubscribeToken(`${id}.nonsense.${mac}`)).toBeNull();
    await unsubscribeFromNotificationMail(reader.id, "suggestion");
    expect(await readNotificationSettings(reader.id)).toEqual({
      mention: "immediately",
      reply: "immediately",
      suggestion: "never",
      decision: "immediately",
    });
    await unsubscribeFromNotificationMail(reader.id);
    expect(await readNotificationSettings(reader.id)).toEqual({ mention: "never", reply: "never", suggestion: "never", decision: "never" });
  });
});
