import { expect, it } from "vitest";
import { listAuditEvents } from "@/db/queries/audit";
import { countUsers, findUserByEmail, insertUser } from "@/db/queries/users";
import {
  countOwners,
  deleteMember,
  findInvite,
  findInviteByTokenHash,
  findMemberRole,
  findMemberRoles,
  findWikiById,
  findWikiBySlug,
  insertInvite,
  insertMember,
  insertWiki,
  listMembers,
  listPendingInvites,
  listWikisForUser,
  markInviteRevoked,
  markInviteUsed,
  replaceInviteToken,
  setWikiCitationStyle,
  updateMemberRole,
  wikiSlugTaken,
} from "@/db/queries/wikis";
import type { Role } from "@/db/schema";
import { acceptInvite, findUsableInvite, resendInvite, revokeInvite } from "@/lib/commands/invites";
import { addMember, changeCitationStyle, changeMemberRole, createWiki, removeMember } from "@/lib/commands/wikis";
import { describeOnBothDialects } from "./harness";
import { raceBehindRowLock } from "./row-lock";

let n = 0;
const aPerson = (name = "Person") => {
  const i = ++n;
  return insertUser({ id: `wiki-user-${i}`, email: `wiki-person-${i}@example.test`, name, passwordHash: null });
};
const aBareWiki = (createdBy: string, name = "Law of the sea") => {
  const i = ++n;
  return insertWiki({ id: `wiki-${i}`, slug: `wiki-${i}`, name, description: "", createdBy });
};
const anInvite = (wikiId: string, createdBy: string, fields: { role?: Role; expiresAt?: Date } = {}) => {
  const i = ++n;
  return insertInvite({
    id: `invite-${i}`,
    tokenHash: `invite-hash-${i}`,
    wikiId,
    email: `invitee-${i}@example.test`,
    role: fields.role ?? "editor",
    createdBy,
    expiresAt: fields.expiresAt ?? new Date(Date.now() + 86_400_000),
  });
};

describeOnBothDialects("db/queries/wikis", () => {
  it("stores a wiki and finds it by id and slug; the slug is then taken; the citation style changes", async () => {
    const ada = await aPerson("Ada");
    const wiki = await aBareWiki(ada.id);
    expect(wiki).toMatchObject({ name: "Law of the sea", description: "", thesis: "", citationStyle: "oscola", createdBy: ada.id });
    expect(wiki.createdAt).toBeInstanceOf(Date);
    expect(await findWikiById(wiki.id)).toEqual(wiki);
    expect(await findWikiBySlug(wiki.slug)).toEqual(wiki);
    expect(await findWikiById("nope")).toBeUndefined();
    expect(await findWikiBySlug("nope")).toBeUndefined();
    expect(await wikiSlugTaken(wiki.slug)).toBe(true);
    expect(await wikiSlugTaken("free-slug")).toBe(false);
    await setWikiCitationStyle(wiki.id, "bluebook");
    expect((await findWikiById(wiki.id))?.citationStyle).toBe("bluebook");
  });

  it("keeps memberships with their roles: lists members by name, a person's wikis by name, and counts owners", async () => {
    const zoe = await aPerson("Zoe");
    const amy = await aPerson("Amy");
    const second = await aBareWiki(zoe.id, "B wiki");
    const first = await aBareWiki(zoe.id, "A wiki");
    await insertMember(second.id, zoe.id, "owner");
    await insertMember(first.id, zoe.id, "viewer");
    await insertMember(second.id, amy.id, "editor");
    await expect(insertMember(second.id, amy.id, "viewer")).rejects.toThrow(); // one membership per person and wiki

    expect(await findMemberRole(second.id, amy.id)).toBe("editor");
    expect(await findMemberRole(first.id, amy.id)).toBeNull();
    // Many at once, in one query: every membership among these wikis and people.
    const byPair = (roles: { wikiId: string; userId: string; role: string }[]) =>
      roles.map((r) => `${r.wikiId}/${r.userId}/${r.role}`).sort();
    expect(byPair(await findMemberRoles([first.id, second.id], [amy.id, zoe.id, "nobody"]))).toEqual(
      [`${second.id}/${zoe.id}/owner`, `${first.id}/${zoe.id}/viewer`, `${second.id}/${amy.id}/editor`].sort(),
    );
    expect(await findMemberRoles([first.id], [amy.id])).toEqual([]);
    expect(await findMemberRoles([], [amy.id])).toEqual([]);
    const members = await listMembers(second.id);
    expect(members.map((m) => [m.name, m.role])).toEqual([
      ["Amy", "editor"],
      ["Zoe", "owner"],
    ]);
    expect(members[0]).toMatchObject({ userId: amy.id, email: amy.email });
    expect(members[0].createdAt).toBeInstanceOf(Date);
    expect((await listWikisForUser(zoe.id)).map((w) => [w.name, w.role])).toEqual([
      ["A wiki", "viewer"],
      ["B wiki", "owner"],
    ]);
    expect(await countOwners(second.id)).toBe(1);

    expect(await updateMemberRole(second.id, amy.id, "owner")).toBe(true);
    expect(await updateMemberRole(second.id, "nobody", "owner")).toBe(false);
    expect(await countOwners(second.id)).toBe(2);
    expect(await deleteMember(second.id, amy.id)).toBe(true);
    expect(await deleteMember(second.id, amy.id)).toBe(false);
    expect(await findMemberRole(second.id, amy.id)).toBeNull();
    expect(await listWikisForUser(amy.id)).toEqual([]);
  });

  it("keeps invitations by hash: pending until used, revoked or expired; used or revoked once; renewed while pending", async () => {
    const owner = await aPerson();
    const wiki = await aBareWiki(owner.id);
    const used = await anInvite(wiki.id, owner.id);
    const revoked = await anInvite(wiki.id, owner.id);
    const renewed = await anInvite(wiki.id, owner.id, { role: "viewer" });
    await anInvite(wiki.id, owner.id, { expiresAt: new Date(Date.now() - 1000) });
    expect(used).toMatchObject({ wikiId: wiki.id, role: "editor", usedAt: null, revokedAt: null });
    expect(await findInviteByTokenHash(used.tokenHash)).toEqual(used);
    expect(await findInvite(used.id)).toEqual(used);
    expect(await findInvite("nope")).toBeUndefined();

    expect(await markInviteUsed(used.id)).toBe(true);
    expect(await markInviteUsed(used.id)).toBe(false);
    expect(await markInviteRevoked(used.id)).toBe(false);
    expect(await markInviteRevoked(revoked.id)).toBe(true);
    expect(await markInviteRevoked(revoked.id)).toBe(false);
    expect(await markInviteUsed(revoked.id)).toBe(false);
    expect(await replaceInviteToken(revoked.id, "new-hash-of-revoked", new Date(Date.now() + 1000))).toBe(false);

    const later = new Date(Date.now() + 7 * 86_400_000);
    expect(await replaceInviteToken(renewed.id, "fresh-hash", later)).toBe(true);
    expect(await findInviteByTokenHash(renewed.tokenHash)).toBeUndefined();
    expect(await findInviteByTokenHash("fresh-hash")).toMatchObject({ id: renewed.id, expiresAt: later });
    expect((await listPendingInvites(wiki.id)).map((i) => i.id)).toEqual([renewed.id]);
  });
});

describeOnBothDialects("lib/commands/wikis and invites", (dialect) => {
  it("creates a wiki with its creator as owner under a free slug, and audits it", async () => {
    const ada = await aPerson("Ada");
    const first = await createWiki({ name: "Due diligence", description: "A question" }, ada.id);
    const second = await createWiki({ name: "Due diligence", description: "" }, ada.id);
    expect(first.slug).toBe("due-diligence");
    expect(second.slug).toBe("due-diligence-2");
    expect(await findMemberRole(first.id, ada.id)).toBe("owner");
    expect((await listAuditEvents(first.id, {}, 10)).map((e) => [e.action, e.actorName])).toEqual([["wiki.created", "Ada"]]);
  });

  it("gives two wikis of one name created at the same moment two slugs, both created", async () => {
    const owner = await aPerson("Owner");
    const twins = () => [1, 2].map(() => createWiki({ name: "Twin wikis", description: "" }, owner.id));
    // On PostgreSQL both find the slug free before either inserts: their inserts check the creator's
    // row (foreign key) and wait while it is locked. SQLite runs them one after the other.
    const results = dialect === "postgres" ? await raceBehindRowLock("users", owner.id, 2, twins) : await Promise.allSettled(twins());
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    const slugs = results.map((r) => (r as PromiseFulfilledResult<{ slug: string }>).value.slug).sort();
    expect(slugs).toEqual(["twin-wikis", "twin-wikis-2"]);
    for (const slug of slugs) expect(await findMemberRole((await findWikiBySlug(slug))!.id, owner.id)).toBe("owner");
  });

  it("adds an existing account as a member, invites an unknown address, and refuses a second membership", async () => {
    const owner = await aPerson("Owner");
    const bob = await aPerson("Bob");
    const wiki = await createWiki({ name: "Members", description: "" }, owner.id);
    expect(await addMember(wiki.id, bob.email.toUpperCase(), "reviewer", owner.id)).toEqual({
      kind: "member",
      userId: bob.id,
      role: "reviewer",
    });
    await expect(addMember(wiki.id, bob.email, "viewer", owner.id)).rejects.toMatchObject({ code: "conflict" });
    const invited = await addMember(wiki.id, "newcomer@example.test", "commenter", owner.id);
    expect(invited).toMatchObject({ kind: "invite", email: "newcomer@example.test", role: "commenter", mailed: false });
    expect((await listPendingInvites(wiki.id)).map((i) => i.email)).toEqual(["newcomer@example.test"]);
    expect((await listAuditEvents(wiki.id, {}, 10)).map((e) => e.action)).toEqual(["invite.created", "member.added", "wiki.created"]);
  });

  it("never leaves a wiki without an owner, also when its two owners demote or remove each other at once", async () => {
    const ann = await aPerson("Ann");
    const ben = await aPerson("Ben");
    const wiki = await createWiki({ name: "Owners", description: "" }, ann.id);
    await expect(changeMemberRole(wiki.id, ann.id, "editor", ann.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(removeMember(wiki.id, ann.id, ann.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(changeMemberRole(wiki.id, "nobody", "editor", ann.id)).rejects.toMatchObject({ code: "not_found" });

    for (const step of [
      () => [changeMemberRole(wiki.id, ann.id, "editor", ben.id), changeMemberRole(wiki.id, ben.id, "viewer", ann.id)],
      () => [removeMember(wiki.id, ann.id, ben.id), removeMember(wiki.id, ben.id, ann.id)],
      () => [changeMemberRole(wiki.id, ann.id, "viewer", ben.id), removeMember(wiki.id, ben.id, ann.id)],
    ]) {
      // Both owners again, then each acts against the other at the same moment: one wins.
      for (const person of [ann, ben]) {
        if (await findMemberRole(wiki.id, person.id)) await changeMemberRole(wiki.id, person.id, "owner", person.id);
        else await addMember(wiki.id, person.email, "owner", person.id);
      }
      expect(await countOwners(wiki.id)).toBe(2);
      const results = await Promise.allSettled(step());
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
      expect(await countOwners(wiki.id)).toBe(1);
    }
  });

  it("accepts an invitation once: of two accepts at the same moment one creates the account and membership", async () => {
    const owner = await aPerson("Owner");
    const wiki = await createWiki({ name: "Invitations", description: "" }, owner.id);
    const invite = await addMember(wiki.id, "Invitee@Example.test", "editor", owner.id);
    if (invite.kind !== "invite") throw new Error("expected an invitation");
    expect((await findUsableInvite(invite.inviteToken)).wiki.id).toBe(wiki.id);
    const accounts = await countUsers();

    const tabs = () =>
      ["Tab one", "Tab two", "Tab three"].map((name) => acceptInvite(invite.inviteToken, { name, password: "a long enough password" }));
    // On PostgreSQL all three read the invitation as pending before any spends it (SQLite runs them one after the other).
    const results =
      dialect === "postgres" ? await raceBehindRowLock("invites", invite.inviteId, 3, tabs) : await Promise.allSettled(tabs());
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    expect(await countUsers()).toBe(accounts + 1);
    const user = (await findUserByEmail("invitee@example.test"))!;
    expect(await findMemberRole(wiki.id, user.id)).toBe("editor");
    await expect(findUsableInvite(invite.inviteToken)).rejects.toThrow(/already been used/);
    expect((await listAuditEvents(wiki.id, { action: "invite.accepted" }, 10)).map((e) => e.actorId)).toEqual([user.id]);
  });

  it("revokes and renews pending invitations of its own wiki only; an accepted one is neither", async () => {
    const owner = await aPerson("Owner");
    const wiki = await createWiki({ name: "Revocations", description: "" }, owner.id);
    const other = await createWiki({ name: "Elsewhere", description: "" }, owner.id);
    const invite = async () => {
      const made = await addMember(wiki.id, `someone-${++n}@example.test`, "viewer", owner.id);
      if (made.kind !== "invite") throw new Error("expected an invitation");
      return made;
    };
    const renewed = await invite();
    const again = await resendInvite(wiki.id, renewed.inviteId, owner.id);
    await expect(findUsableInvite(renewed.inviteToken)).rejects.toThrow(/not valid/);
    expect((await findUsableInvite(again.inviteToken)).invite.id).toBe(renewed.inviteId);

    const revoked = await invite();
    await expect(revokeInvite(other.id, revoked.inviteId, owner.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await revokeInvite(wiki.id, revoked.inviteId, owner.id)).revokedAt).toBeInstanceOf(Date);
    await expect(revokeInvite(wiki.id, revoked.inviteId, owner.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(resendInvite(wiki.id, revoked.inviteId, owner.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(acceptInvite(revoked.inviteToken, { name: "Late", password: "a long enough password" })).rejects.toThrow(/revoked/);

    const accepted = await invite();
    await acceptInvite(accepted.inviteToken, { name: "Quick", password: "a long enough password" });
    await expect(revokeInvite(wiki.id, accepted.inviteId, owner.id)).rejects.toThrow(/already accepted/);
    expect((await listPendingInvites(wiki.id)).map((i) => i.id)).toEqual([renewed.inviteId]);
  });

  it("changes the citation style, auditing only a real change", async () => {
    const owner = await aPerson("Owner");
    const wiki = await createWiki({ name: "Citations", description: "" }, owner.id);
    expect(await changeCitationStyle(wiki.id, "bluebook", owner.id)).toBe("bluebook");
    await changeCitationStyle(wiki.id, "bluebook", owner.id);
    expect((await findWikiById(wiki.id))?.citationStyle).toBe("bluebook");
    expect((await listAuditEvents(wiki.id, { action: "wiki.citation-style-changed" }, 10)).map((e) => JSON.parse(e.details))).toEqual([
      { from: "oscola", to: "bluebook" },
    ]);
    await expect(changeCitationStyle("nope", "oscola", owner.id)).rejects.toMatchObject({ code: "not_found" });
  });
});
