import { expect, it } from "vitest";
import { transaction } from "@/db/executor";
import {
  claimNextOutboxMail,
  findOutboxMail,
  insertOutboxMail,
  listFailedOutboxMail,
  markOutboxMailFailed,
  markOutboxMailSent,
  nextOutboxAttemptAt,
  scheduleOutboxRetry,
  type NewOutboxMail,
} from "@/db/queries/mail-outbox";
import { aUser, aWiki } from "./fixtures";
import { describeOnBothDialects } from "./harness";

let mails = 0;
function aMail(overrides: Partial<NewOutboxMail> = {}): NewOutboxMail {
  const n = ++mails;
  return {
    id: `mail-${n}`,
    messageId: `<mail-${n}@opinio.test>`,
    kind: "invitation",
    wikiId: null,
    recipient: "ada@example.test",
    subject: `Mail ${n}`,
    textBody: "text",
    htmlBody: "<p>html</p>",
    headers: { unsubscribeUrl: "http://wiki.test/u" },
    ...overrides,
  };
}

const later = (ms: number) => new Date(Date.now() + ms);
const longAgo = new Date(0);

/** Claims until nothing is due, marking each sent: what a sender would deliver now. */
async function drain(): Promise<string[]> {
  const ids: string[] = [];
  for (let mail = await claimNextOutboxMail(later(1000), longAgo); mail; mail = await claimNextOutboxMail(later(1000), longAgo)) {
    ids.push(mail.id);
    await markOutboxMailSent(mail.id, new Date());
  }
  return ids;
}

describeOnBothDialects("db/queries/mail-outbox", () => {
  it("stores a mail pending, with its headers as JSON text", async () => {
    const written = await insertOutboxMail(aMail());
    expect(written).toMatchObject({ status: "pending", attempts: 0, claimedAt: null, headers: '{"unsubscribeUrl":"http://wiki.test/u"}' });
    expect(await findOutboxMail(written.id)).toEqual(written);
    expect(await findOutboxMail("no-such-mail")).toBeUndefined();
    await drain();
  });

  it("claims due mail oldest first, counting attempts, and not again while claimed", async () => {
    const first = await insertOutboxMail(aMail());
    const second = await insertOutboxMail(aMail());
    await scheduleOutboxRetry(second.id, later(-60_000), "earlier"); // due before the first
    const now = later(1000);
    const claimed = await claimNextOutboxMail(now, longAgo);
    expect(claimed).toMatchObject({ id: second.id, status: "sending", attempts: 1, claimedAt: now });
    expect((await claimNextOutboxMail(now, longAgo))?.id).toBe(first.id);
    expect(await claimNextOutboxMail(now, longAgo)).toBeUndefined();
    // A claim older than staleBefore was abandoned (its sender died): claimable again.
    expect((await claimNextOutboxMail(now, later(2000)))?.attempts).toBe(2);
    await drain();
    for (const id of [first.id, second.id]) await markOutboxMailSent(id, new Date());
  });

  it("keeps retries until due, and forgets bodies once sent or given up", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const retried = await insertOutboxMail(aMail({ wikiId: wiki.id }));
    const failed = await insertOutboxMail(aMail({ wikiId: wiki.id }));
    const retryAt = later(3_600_000);
    await claimNextOutboxMail(later(1000), longAgo);
    await scheduleOutboxRetry(retried.id, retryAt, "451 try later");
    expect(await findOutboxMail(retried.id)).toMatchObject({
      status: "pending",
      nextAttemptAt: retryAt,
      lastError: "451 try later",
      claimedAt: null,
    });

    await markOutboxMailFailed(failed.id, new Date(), "554 refused");
    expect(await findOutboxMail(failed.id)).toMatchObject({ status: "failed", textBody: null, htmlBody: null, lastError: "554 refused" });
    expect((await listFailedOutboxMail(wiki.id)).map((m) => m.id)).toEqual([failed.id]);
    expect(await nextOutboxAttemptAt()).toEqual(retryAt);

    await markOutboxMailSent(retried.id, new Date());
    expect(await findOutboxMail(retried.id)).toMatchObject({ status: "sent", textBody: null, htmlBody: null, lastError: null });
    expect(await nextOutboxAttemptAt()).toBeNull();
  });

  it("never hands one mail to two senders claiming at once", async () => {
    const written = await Promise.all(Array.from({ length: 8 }, () => insertOutboxMail(aMail())));
    // Each sender claims in its own transaction, as several processes would.
    const claims = await Promise.all(Array.from({ length: 12 }, () => transaction(() => claimNextOutboxMail(later(1000), longAgo))));
    const claimed = claims.flatMap((mail) => (mail ? [mail.id] : []));
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual(written.map((m) => m.id).sort());
  });
});
