import { describe, expect, it } from "vitest";
import { listAuditEvents } from "@/db/queries/audit";
import { findMemberRole } from "@/db/queries/wikis";
import { acceptInvite, findUsableInvite, resendInvite, revokeInvite } from "@/lib/commands/invites";
import { addMember, createWiki } from "@/lib/commands/wikis";
import { makeUser } from "../helpers/fixtures";
import { withMailDelivery } from "../helpers/mail-delivery";
import { withTemporaryDatabase } from "../helpers/temp-database";

/**
 * Invitations by e-mail, through the commands every entry point calls (the Members page, the
 * REST API), delivered by the real sender to a real SMTP server. The HTTP side (the link opened
 * in the server) is in mail-server.test.ts.
 */
withTemporaryDatabase();
const delivery = withMailDelivery();

function linkIn(text: string | undefined): string {
  const match = /https:\/\/wiki\.example\.org\/invite\/(\S+)/.exec(text ?? "");
  if (!match) throw new Error(`no invite link in:\n${text}`);
  return decodeURIComponent(match[1]);
}

describe("invitations by e-mail", () => {
  it("mails who invited, to which wiki, as what, the one-time link and its expiry; the link creates the account", async () => {
    const owner = await makeUser("Olive Owner");
    const wiki = await createWiki({ name: "Limitation periods", description: "" }, owner.id);
    const result = await addMember(wiki.id, "newcomer@example.test", "commenter", owner.id, { origin: "http://ignored.internal:3000" });
    expect(result).toMatchObject({ kind: "invite", mailed: true });
    const [received] = await delivery.smtp.waitForMails(1);
    expect(received.envelopeTo).toEqual(["newcomer@example.test"]);
    expect(received.mail.subject).toBe("Olive Owner invited you to “Limitation periods” on Opinio");
    expect(received.mail.text).toContain("as a commenter");
    expect(received.mail.text).toMatch(/The link works once, until \d+ \w+ \d{4}, \d\d:\d\d UTC/);
    expect(received.mail.replyTo?.value[0]).toMatchObject({ name: "Olive Owner", address: owner.email });
    // PUBLIC_URL decides the link, not the request's origin.
    const secret = linkIn(received.mail.text);
    expect(secret).toBe(result.kind === "invite" ? result.inviteToken : "");
    const { user } = await acceptInvite(secret, { name: "New Comer", password: "a long enough password" });
    expect(await findMemberRole(wiki.id, user.id)).toBe("commenter");
    const actions = (await listAuditEvents(wiki.id, {}, 20)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["invite.created", "invite.sent", "invite.accepted"]));
  });

  it("re-sends with a new link; the old one stops working; a revoked invitation cannot be re-sent", async () => {
    const owner = await makeUser("Owen Owner");
    const wiki = await createWiki({ name: "Consideration", description: "" }, owner.id);
    const first = await addMember(wiki.id, "later@example.test", "editor", owner.id);
    if (first.kind !== "invite") throw new Error("expected an invite");
    await delivery.smtp.waitForMails(1);
    const { inviteToken } = await resendInvite(wiki.id, first.inviteId, owner.id);
    const mails = await delivery.smtp.waitForMails(2);
    expect(linkIn(mails[1].mail.text)).toBe(inviteToken);
    expect(mails[1].mail.messageId).not.toBe(mails[0].mail.messageId);
    await expect(findUsableInvite(first.inviteToken)).rejects.toThrow(/not valid/);
    expect((await findUsableInvite(inviteToken)).invite.id).toBe(first.inviteId);
    expect((await listAuditEvents(wiki.id, {}, 20)).map((e) => e.action)).toContain("invite.resent");
    await revokeInvite(wiki.id, first.inviteId, owner.id);
    await expect(resendInvite(wiki.id, first.inviteId, owner.id)).rejects.toThrow(/revoked/);
  });

  it("keeps a line break in a wiki's or a person's name from adding a recipient or a header", async () => {
    const owner = await makeUser("Mallory\r\nBcc: victim@example.test");
    const wiki = await createWiki({ name: "Torts\r\nBcc: other@example.test\r\nX-Evil: 1", description: "" }, owner.id);
    await addMember(wiki.id, "target@example.test", "viewer", owner.id);
    const [received] = await delivery.smtp.waitForMails(1);
    expect(received.envelopeTo).toEqual(["target@example.test"]);
    expect(received.mail.bcc).toBeUndefined();
    expect(received.mail.headers.has("x-evil")).toBe(false);
    expect(received.mail.subject).not.toMatch(/[\r\n]/);
    expect(received.mail.to && "value" in received.mail.to ? received.mail.to.value.map((a) => a.address) : []).toEqual([
      "target@example.test",
    ]);
  });

  it("sends nothing without SMTP_URL", async () => {
    delete process.env.SMTP_URL;
    try {
      const owner = await makeUser("Quiet Owner");
      const wiki = await createWiki({ name: "Quiet", description: "" }, owner.id);
      expect(await addMember(wiki.id, "nobody@example.test", "viewer", owner.id)).toMatchObject({ kind: "invite", mailed: false });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(delivery.smtp.received).toHaveLength(0);
    } finally {
      process.env.SMTP_URL = delivery.smtp.url;
    }
  });
});
