import { expect, it } from "vitest";
import { listAuditEvents } from "@/db/queries/audit";
import {
  countUsers,
  findPasswordResetByTokenHash,
  findUserByEmail,
  findUserById,
  findUsersByIds,
  insertPasswordReset,
  insertUser,
  listUsers,
  spendPasswordReset,
  spendPasswordResets,
  updateUserPassword,
  updateUserPasswordEndingSessions,
} from "@/db/queries/users";
import { verifyPassword } from "@/lib/auth/passwords";
import { completePasswordReset, findUsablePasswordReset } from "@/lib/commands/password-resets";
import { changePassword, createFirstUser, createUser } from "@/lib/commands/users";
import { createWiki } from "@/lib/commands/wikis";
import { hashSecret } from "@/lib/ids";
import { describeOnBothDialects } from "./harness";
import { raceBehindLock, raceBehindRowLock } from "./row-lock";

let n = 0;
const anAccount = (fields: { email?: string; name?: string; passwordHash?: string | null } = {}) => {
  const i = ++n;
  return insertUser({
    id: `contract-user-${i}`,
    email: fields.email ?? `person-${i}@example.test`,
    name: fields.name ?? `Person ${i}`,
    passwordHash: fields.passwordHash ?? null,
  });
};

/** A reset link for `userId` with the secret `secret`, valid for `ms` more (negative: expired). */
const aResetLink = (userId: string, secret: string, ms = 3_600_000) =>
  insertPasswordReset({ id: `reset-${++n}`, userId, tokenHash: hashSecret(secret), expiresAt: new Date(Date.now() + ms) });

describeOnBothDialects("db/queries/users", () => {
  it("stores e-mail addresses lower-cased and finds the account by address whatever its case", async () => {
    const ada = await anAccount({ email: "  Ada.Lovelace@Example.TEST ", name: "Ada" });
    expect(ada).toMatchObject({ email: "ada.lovelace@example.test", name: "Ada", passwordHash: null, sessionEpoch: 0 });
    expect(ada.createdAt).toBeInstanceOf(Date);
    expect(await findUserByEmail("ADA.LOVELACE@example.test")).toEqual(ada);
    expect(await findUserByEmail(" ada.lovelace@example.test")).toEqual(ada);
    expect(await findUserByEmail("ada@example.test")).toBeUndefined();
    expect(await findUserById(ada.id)).toEqual(ada);
    expect(await findUserById("nobody")).toBeUndefined();
  });

  it("counts and lists accounts oldest first, and finds several by id", async () => {
    const before = await countUsers();
    const a = await anAccount({ name: "Zed" });
    const b = await anAccount({ name: "Amy" });
    expect(await countUsers()).toBe(before + 2);
    const listed = await listUsers();
    expect(listed.slice(-2)).toEqual([
      { id: a.id, email: a.email, name: "Zed" },
      { id: b.id, email: b.email, name: "Amy" },
    ]);
    expect((await findUsersByIds([b.id, a.id, "nobody"])).sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { id: b.id, email: b.email, name: "Amy" },
      { id: a.id, email: a.email, name: "Zed" },
    ]);
    expect(await findUsersByIds([])).toEqual([]);
  });

  it("refuses a second account with the same address", async () => {
    await anAccount({ email: "taken@example.test" });
    await expect(anAccount({ email: "TAKEN@example.test" })).rejects.toThrow();
  });

  it("changes a password, and with a reset moves the session epoch on", async () => {
    const ada = await anAccount({ passwordHash: "old" });
    await updateUserPassword(ada.id, "new");
    expect(await findUserById(ada.id)).toMatchObject({ passwordHash: "new", sessionEpoch: 0 });
    await updateUserPasswordEndingSessions(ada.id, "newer");
    await updateUserPasswordEndingSessions(ada.id, "newest");
    expect(await findUserById(ada.id)).toMatchObject({ passwordHash: "newest", sessionEpoch: 2 });
  });

  it("keeps reset links by hash, spends one once, and spends all of an account's unused links", async () => {
    const ada = await anAccount();
    const bob = await anAccount();
    const first = await aResetLink(ada.id, "pwr_first");
    const second = await aResetLink(ada.id, "pwr_second");
    const bobs = await aResetLink(bob.id, "pwr_bob");
    expect(first).toMatchObject({ userId: ada.id, usedAt: null });
    expect(await findPasswordResetByTokenHash(hashSecret("pwr_first"))).toEqual(first);
    expect(await findPasswordResetByTokenHash("no such hash")).toBeUndefined();
    const at = new Date();
    expect(await spendPasswordReset(first.id, at)).toBe(true);
    expect(await spendPasswordReset(first.id, at)).toBe(false);
    expect(await spendPasswordResets(ada.id, at)).toBe(1); // the second; the first was spent
    expect(await spendPasswordResets(ada.id, at)).toBe(0);
    expect((await findPasswordResetByTokenHash(second.tokenHash))?.usedAt).toEqual(at);
    expect((await findPasswordResetByTokenHash(bobs.tokenHash))?.usedAt).toBeNull();
  });
});

describeOnBothDialects("lib/commands/users: the first account", () => {
  it("makes exactly one first account when two setups race", async () => {
    const results = await Promise.allSettled(
      ["first", "second", "third"].map((who) =>
        createFirstUser({ email: `${who}@example.test`, name: who, password: "a long enough password" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    expect(await countUsers()).toBe(1);
  });
});

describeOnBothDialects("lib/commands/users and password-resets", (dialect) => {
  it("creates accounts, refusing an address that has one in any case, also when two requests race", async () => {
    const ada = await createUser({ email: "Grace@Example.test", name: "Grace", password: null });
    expect(ada).toMatchObject({ email: "grace@example.test", passwordHash: null });
    await expect(createUser({ email: "GRACE@example.test", name: "Again", password: null })).rejects.toMatchObject({ code: "conflict" });

    const twins = () =>
      ["Twin@example.test", "twin@EXAMPLE.test", "TWIN@example.test"].map((email) => createUser({ email, name: "Twin", password: null }));
    // On PostgreSQL an uncommitted insert of the address holds all three at their own insert,
    // after each has found the address free (SQLite runs them one after the other).
    const raced =
      dialect === "postgres"
        ? await raceBehindLock(
            "INSERT INTO users (id, email, name) VALUES ('placeholder', 'twin@example.test', 'Placeholder')",
            [],
            3,
            twins,
          )
        : await Promise.allSettled(twins());
    expect(raced.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of raced.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
  });

  it("changes one's own password after the current one is given, auditing it", async () => {
    const user = await createUser({ email: "changer@example.test", name: "Changer", password: "the first password" });
    // Account events show in the audit log of the wikis the person belongs to.
    const wiki = await createWiki({ name: "Changer's wiki", description: "" }, user.id);
    await expect(changePassword(user.id, { currentPassword: "not it", newPassword: "whatever new one" })).rejects.toMatchObject({
      code: "bad_request",
    });
    await changePassword(user.id, { currentPassword: "the first password", newPassword: "the second password", endOtherSessions: true });
    const changed = (await findUserById(user.id))!;
    expect(await verifyPassword(changed.passwordHash!, "the second password")).toBe(true);
    expect(changed.sessionEpoch).toBe(1);
    const events = await listAuditEvents(wiki.id, { actorId: user.id }, 10);
    expect(events.map((e) => [e.action, e.actorName, e.wikiId, JSON.parse(e.details)])).toEqual([
      ["auth.password-changed", "Changer", null, { endedOtherSessions: true }],
      ["wiki.created", "Changer", wiki.id, { name: "Changer's wiki" }],
    ]);
  });

  it("sets a new password with a reset link once: a second use, or two tabs at once, get one reset", async () => {
    const user = await createUser({ email: "forgetful@example.test", name: "Forgetful", password: "the old password" });
    const once = await aResetLink(user.id, "pwr_once");
    const other = await aResetLink(user.id, "pwr_other");
    expect((await findUsablePasswordReset("pwr_once")).user.id).toBe(user.id);

    const tabs = () => [
      completePasswordReset("pwr_once", "the new password one", { ip: null }),
      completePasswordReset("pwr_once", "the new password two", { ip: null }),
    ];
    // On PostgreSQL both tabs read the link as unused before either spends it (SQLite runs them one after the other).
    const raced = dialect === "postgres" ? await raceBehindRowLock("password_resets", once.id, 2, tabs) : await Promise.allSettled(tabs());
    expect(raced.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((raced.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    const after = (await findUserById(user.id))!;
    expect(after.sessionEpoch).toBe(1); // one reset, not two
    // Every other unused link of the account is spent with it.
    expect((await findPasswordResetByTokenHash(other.tokenHash))?.usedAt).toBeInstanceOf(Date);
    await expect(completePasswordReset("pwr_once", "yet another password", { ip: null })).rejects.toMatchObject({ code: "conflict" });
    await expect(completePasswordReset("pwr_made_up", "yet another password", { ip: null })).rejects.toMatchObject({ code: "not_found" });

    await aResetLink(user.id, "pwr_expired", -1000);
    await expect(findUsablePasswordReset("pwr_expired")).rejects.toThrow(/expired/);
  });
});
