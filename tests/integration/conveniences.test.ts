import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { countUnreadNotifications, markNotificationsRead } from "@/db/queries/comments";
import { findUserByEmail, findUserById } from "@/db/queries/users";
import { listPendingInvites } from "@/db/queries/wikis";
import { getDb } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { createAuthLogger } from "@/lib/auth/auth-logger";
import { verifyPassword } from "@/lib/auth/passwords";
import { acceptInvite, findUsableInvite, revokeInvite } from "@/lib/commands/invites";
import { changePassword } from "@/lib/commands/users";
import { addMember, createWiki, removeMember } from "@/lib/commands/wikis";
import { createThread, replyToThread } from "@/lib/commands/comments";
import { createRevision } from "@/lib/history/revisions";
import { describeRestoreNotice, parseRestoreNotice } from "@/lib/history/restore-notice";
import { registry } from "@/lib/server/registry";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { withTemporaryDatabase } from "../helpers/temp-database";
import { withServer } from "../helpers/with-server";

/** Everyday conveniences of issue 15 (point 12) whose rules live on the server. */

let owner: Awaited<ReturnType<typeof makeUser>>;

withTemporaryDatabase(async () => {
  owner = await makeUser("Ottilie Owner");
});

const auditRows = (action: string, targetId: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)))
    .all();

async function invite(wikiId: string, email = `invitee-${Math.random().toString(36).slice(2)}@example.test`) {
  const result = await addMember(wikiId, email, "editor", owner.id);
  if (result.kind !== "invite") throw new Error("expected an invitation");
  return result;
}

describe("revoking an invitation", () => {
  it("takes it off the pending list, makes its link say it was revoked, and is in the audit log", async () => {
    const wiki = await createWiki({ name: "Revocations", description: "" }, owner.id);
    const kept = await invite(wiki.id);
    const revoked = await invite(wiki.id);
    await revokeInvite(wiki.id, revoked.inviteId, owner.id);

    expect((await listPendingInvites(wiki.id)).map((i) => i.id)).toEqual([kept.inviteId]);
    await expect(findUsableInvite(revoked.inviteToken)).rejects.toThrow(/This invitation was revoked/);
    await expect(acceptInvite(revoked.inviteToken, { name: "Too Late", password: "a long enough password" })).rejects.toThrow(/revoked/);
    expect(await findUserByEmail(revoked.email)).toBeUndefined();
    const [event] = auditRows(AUDIT_ACTIONS.inviteRevoked, revoked.inviteId);
    expect(event).toMatchObject({ wikiId: wiki.id, actorId: owner.id });
    expect(JSON.parse(event.details)).toEqual({ email: revoked.email, role: "editor" });
    // The other invitation still works.
    expect((await findUsableInvite(kept.inviteToken)).invite.id).toBe(kept.inviteId);
  });

  it("refuses, changing nothing, another wiki's invitation, one already revoked, and one already accepted", async () => {
    const wiki = await createWiki({ name: "Revocation limits", description: "" }, owner.id);
    const other = await createWiki({ name: "Someone else's", description: "" }, owner.id);
    const foreign = await invite(other.id);
    await expect(revokeInvite(wiki.id, foreign.inviteId, owner.id)).rejects.toThrow(/No such invitation/);
    expect((await findUsableInvite(foreign.inviteToken)).invite.id).toBe(foreign.inviteId);

    const twice = await invite(wiki.id);
    await revokeInvite(wiki.id, twice.inviteId, owner.id);
    await expect(revokeInvite(wiki.id, twice.inviteId, owner.id)).rejects.toThrow(/already revoked/);
    expect(auditRows(AUDIT_ACTIONS.inviteRevoked, twice.inviteId)).toHaveLength(1);

    const accepted = await invite(wiki.id);
    await acceptInvite(accepted.inviteToken, { name: "Quick Joiner", password: "a long enough password" });
    await expect(revokeInvite(wiki.id, accepted.inviteId, owner.id)).rejects.toThrow(/already accepted/);
    expect(auditRows(AUDIT_ACTIONS.inviteRevoked, accepted.inviteId)).toHaveLength(0);
  });
});

describe("changing one's password", () => {
  it("with a wrong current password: a clear error, and the old password still works", async () => {
    const user = await makeUser("Wanda Wrong");
    const before = (await findUserById(user.id))!.passwordHash;
    await expect(changePassword(user.id, { currentPassword: "not my password", newPassword: "a brand new password" })).rejects.toThrow(
      "Your current password is not correct; nothing was changed.",
    );
    expect((await findUserById(user.id))!.passwordHash).toBe(before);
    expect(auditRows(AUDIT_ACTIONS.passwordChanged, user.id)).toHaveLength(0);
  });

  it("with the right one: the new password works, the old one no longer does, and it is audited", async () => {
    const user = await makeUser("Rita Right");
    await changePassword(user.id, { currentPassword: user.password, newPassword: "a brand new password" });
    const hash = (await findUserById(user.id))!.passwordHash!;
    expect(await verifyPassword(hash, "a brand new password")).toBe(true);
    expect(await verifyPassword(hash, user.password)).toBe(false);
    expect(auditRows(AUDIT_ACTIONS.passwordChanged, user.id)).toHaveLength(1);
    expect((await findUserById(user.id))!.sessionEpoch).toBe(0);
  });

  it("asked to sign out other browsers: the account's session epoch moves on, so every session ends", async () => {
    const user = await makeUser("Otto Others");
    const before = (await findUserById(user.id))!.sessionEpoch;
    await changePassword(user.id, { currentPassword: user.password, newPassword: "a brand new password", endOtherSessions: true });
    expect((await findUserById(user.id))!.sessionEpoch).toBe(before + 1);
    expect(JSON.parse(auditRows(AUDIT_ACTIONS.passwordChanged, user.id)[0].details)).toEqual({ endedOtherSessions: true });
  });
});

describe("the inbox's unread count", () => {
  it("counts unread replies in wikis one still belongs to, and none once read", async () => {
    const reader = await makeUser("Ruth Reader");
    const writer = await makeUser("Wim Writer");
    const { wiki, page } = await makeWikiWithMembers(owner, [
      { user: reader, role: "commenter" },
      { user: writer, role: "commenter" },
    ]);
    const threadId = await createThread(page, reader.id, { body: "What about State practice?", anchor: { kind: "page" } });
    expect(await countUnreadNotifications(reader.id)).toBe(0);
    await replyToThread(page, threadId, writer.id, "See the 2021 GGE report.");
    await replyToThread(page, threadId, writer.id, "And the OEWG.");
    expect(await countUnreadNotifications(reader.id)).toBe(2);
    await markNotificationsRead(reader.id);
    expect(await countUnreadNotifications(reader.id)).toBe(0);

    await replyToThread(page, threadId, writer.id, "One more.");
    expect(await countUnreadNotifications(reader.id)).toBe(1);
    // Removed from the wiki: its notifications are no longer the reader's to see (as in the inbox).
    await removeMember(wiki.id, reader.id, owner.id);
    expect(await countUnreadNotifications(reader.id)).toBe(0);
  });
});

describe("restore announcements", () => {
  const collab = registry().collab;
  afterAll(() => {
    registry().collab = collab;
  });

  it("tell everyone with the page open who restored which version, once the restore is recorded", async () => {
    const broadcastToPage = vi.fn();
    registry().collab = { broadcastToPage } as unknown as NonNullable<ReturnType<typeof registry>["collab"]>;
    const { page } = await makeWikiWithMembers(owner);
    await createRevision(page.id, { kind: "named", name: "first" });
    await createRevision(page.id, { kind: "named", name: "second" });
    expect(broadcastToPage).not.toHaveBeenCalled();
    const restored = (await createRevision(page.id, {
      kind: "restore",
      name: "Restored version 1",
      createdBy: owner.id,
      restoredFrom: 1,
    }))!;
    expect(broadcastToPage).toHaveBeenCalledTimes(1);
    const [pageId, notice] = broadcastToPage.mock.calls[0];
    expect(pageId).toBe(page.id);
    expect(notice).toEqual({ type: "restored", version: 1, newVersion: restored.number, byId: owner.id, byName: owner.name });
    // The browser reads it back from the stateless payload.
    const parsed = parseRestoreNotice(JSON.stringify(notice))!;
    expect(describeRestoreNotice(parsed)).toBe(
      `${owner.name} restored version 1: the page now reads as it did then (recorded as version ${restored.number}). Its history has the text from before.`,
    );
    expect(parseRestoreNotice(JSON.stringify({ type: "comments", threadId: "x" }))).toBeNull();
    expect(parseRestoreNotice("not json")).toBeNull();
  });
});

describe("next-auth's log lines", () => {
  const fakeLog = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() });
  const credentialsError = (code = "credentials") =>
    Object.assign(new Error("Read more at https://errors.authjs.dev#credentialssignin"), { type: "CredentialsSignin", code });

  it("say a wrong password in one info line without a stack, too many attempts as a warning, anything else as an error", () => {
    const log = fakeLog();
    const authLogger = createAuthLogger(log as never);
    authLogger.error(credentialsError());
    expect(log.info).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(log.info.mock.calls[0])).not.toMatch(/\bat \S+ \(|stack/);
    expect(log.error).not.toHaveBeenCalled();

    authLogger.error(credentialsError("rate_limited"));
    expect(log.warn).toHaveBeenCalledTimes(1);

    const broken = new Error("database is locked");
    authLogger.error(broken);
    expect(log.error).toHaveBeenCalledWith({ err: broken, auth: "Error" }, "authentication error");
  });

  describe("from the running server", () => {
    // The test process keeps the file's own database; the server has one of its own.
    const server = withServer({ env: { LOG_LEVEL: "info" }, openDatabase: false });

    it("log a wrong password at sign-in as one line, not an error with a stack trace", async () => {
      // next-auth's own sign-in endpoint, as its client would call it: CSRF token first.
      const csrf = await fetch(`${server.url}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookie = csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const reply = await fetch(`${server.url}/api/auth/callback/credentials`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: server.url },
        body: new URLSearchParams({ csrfToken, email: "nobody@example.test", password: "wrong password" }),
        redirect: "manual",
      });
      expect(reply.headers.get("location") ?? "").toMatch(/error=CredentialsSignin/);
      await expect.poll(() => server.output()).toMatch(/sign-in refused: wrong e-mail or password/);
      const lines = server.output().split("\n");
      expect(lines.filter((l) => /sign-in refused/.test(l))).toHaveLength(1);
      expect(server.output()).not.toMatch(/\[auth\]\[error\]/);
      expect(server.output()).not.toMatch(/^\s+at /m);
      expect(lines.find((l) => /sign-in refused/.test(l))).toMatch(/"level":30/);
    });
  });
});
