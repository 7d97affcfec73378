import { describe, expect, it } from "vitest";
import { findPageById, findRedirect, listPages, listTrashedPages } from "@/db/queries/pages";
import { findMemberRole } from "@/db/queries/wikis";
import { verifyPassword } from "@/lib/auth/passwords";
import { acceptInvite, findUsableInvite } from "@/lib/commands/invites";
import { createPage, movePage, renamePage, restorePage, trashPage } from "@/lib/commands/pages";
import { addMember, changeMemberRole, createWiki, removeMember } from "@/lib/commands/wikis";
import { findUserByEmail } from "@/db/queries/users";
import { makeUser } from "../helpers/fixtures";
import { withTemporaryDatabase } from "../helpers/temp-database";

let owner: Awaited<ReturnType<typeof makeUser>>;

withTemporaryDatabase(async () => {
  owner = await makeUser("Pat Pages");
});

describe("pages", () => {
  it("gives pages unique, readable slugs and never a reserved one", async () => {
    const wiki = await createWiki({ name: "Slugs", description: "" }, owner.id);
    const a = await createPage({ wikiId: wiki.id, title: "State practice" }, owner.id);
    const b = await createPage({ wikiId: wiki.id, title: "State practice" }, owner.id);
    const reserved = await createPage({ wikiId: wiki.id, title: "Members" }, owner.id);
    expect([a.slug, b.slug, reserved.slug]).toEqual(["state-practice", "state-practice-2", "members-2"]);
  });

  it("keeps old slugs as redirects after a rename, and lets a page take its own old slug back", async () => {
    const wiki = await createWiki({ name: "Renames", description: "" }, owner.id);
    const page = await createPage({ wikiId: wiki.id, title: "Opinio juris" }, owner.id);
    const renamed = await renamePage(page.id, "Opinio juris and practice", owner.id);
    expect(renamed.slug).toBe("opinio-juris-and-practice");
    expect(await findRedirect(wiki.id, "opinio-juris")).toBe(page.id);
    const back = await renamePage(page.id, "Opinio juris", owner.id);
    expect(back.slug).toBe("opinio-juris");
    expect(await findRedirect(wiki.id, "opinio-juris-and-practice")).toBe(page.id);
    // Another page cannot take a slug that still redirects.
    expect((await createPage({ wikiId: wiki.id, title: "Opinio juris and practice" }, owner.id)).slug).toBe("opinio-juris-and-practice-2");
  });

  it("moves pages in the tree and refuses cycles", async () => {
    const wiki = await createWiki({ name: "Tree", description: "" }, owner.id);
    const parent = await createPage({ wikiId: wiki.id, title: "Parent" }, owner.id);
    const child = await createPage({ wikiId: wiki.id, title: "Child", parentId: parent.id }, owner.id);
    await expect(movePage(parent.id, child.id, owner.id)).rejects.toThrow(/under itself/);
    await movePage(child.id, null, owner.id);
    expect((await findPageById(child.id))?.parentId).toBeNull();
  });

  it("trashes a page with its sub-pages, and restores them together", async () => {
    const wiki = await createWiki({ name: "Trash", description: "" }, owner.id);
    const parent = await createPage({ wikiId: wiki.id, title: "Parent" }, owner.id);
    const child = await createPage({ wikiId: wiki.id, title: "Child", parentId: parent.id }, owner.id);
    expect((await trashPage(parent.id, owner.id)).sort()).toEqual([parent.id, child.id].sort());
    expect(await listPages(wiki.id)).toEqual([]);
    expect((await listTrashedPages(wiki.id)).map((p) => p.id).sort()).toEqual([parent.id, child.id].sort());
    await restorePage(parent.id, owner.id);
    expect((await listPages(wiki.id)).map((p) => p.id).sort()).toEqual([parent.id, child.id].sort());
    expect((await findPageById(child.id))?.parentId).toBe(parent.id);
  });

  it("restores a sub-page whose parent is still in the trash to the top level", async () => {
    const wiki = await createWiki({ name: "Orphans", description: "" }, owner.id);
    const parent = await createPage({ wikiId: wiki.id, title: "Parent" }, owner.id);
    const child = await createPage({ wikiId: wiki.id, title: "Child", parentId: parent.id }, owner.id);
    await trashPage(child.id, owner.id);
    await trashPage(parent.id, owner.id);
    await restorePage(child.id, owner.id);
    expect(await findPageById(child.id)).toMatchObject({ deletedAt: null, parentId: null });
    expect((await findPageById(parent.id))?.deletedAt).not.toBeNull();
  });
});

describe("members and invites", () => {
  it("invites someone without an account with a one-time link that creates the account and membership", async () => {
    const wiki = await createWiki({ name: "Invites", description: "" }, owner.id);
    const result = await addMember(wiki.id, "New.Person@Example.test", "commenter", owner.id);
    expect(result.kind).toBe("invite");
    if (result.kind !== "invite") return;
    const { user } = await acceptInvite(result.inviteToken, { name: "New Person", password: "a long enough password" });
    expect(user.email).toBe("new.person@example.test");
    expect(await findMemberRole(wiki.id, user.id)).toBe("commenter");
    expect(await verifyPassword((await findUserByEmail("new.person@example.test"))!.passwordHash!, "a long enough password")).toBe(true);
    await expect(acceptInvite(result.inviteToken, { name: "Again", password: "a long enough password" })).rejects.toThrow(
      /already been used/,
    );
    await expect(findUsableInvite("inv_made-up")).rejects.toThrow(/not valid/);
  });

  it("never leaves a wiki without an owner", async () => {
    const wiki = await createWiki({ name: "Owners", description: "" }, owner.id);
    await expect(changeMemberRole(wiki.id, owner.id, "editor", owner.id)).rejects.toThrow(/at least one owner/);
    await expect(removeMember(wiki.id, owner.id, owner.id)).rejects.toThrow(/last owner/);
    const second = await makeUser("Second Owner");
    await addMember(wiki.id, second.email, "owner", owner.id);
    await changeMemberRole(wiki.id, owner.id, "editor", owner.id);
    expect(await findMemberRole(wiki.id, owner.id)).toBe("editor");
  });
});
