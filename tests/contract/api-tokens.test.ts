import { expect, it } from "vitest";
import { findUserByTokenHash, insertApiToken, listApiTokens, revokeApiToken, touchApiToken } from "@/db/queries/api-tokens";
import { aUser } from "./fixtures";
import { describeOnBothDialects } from "./harness";

let tokens = 0;
const aToken = (userId: string) => ({ id: `token-${++tokens}`, userId, name: `token ${tokens}`, tokenHash: `hash-${tokens}` });

describeOnBothDialects("db/queries/api-tokens", () => {
  it("stores a token and lists only a person's own, newest first", async () => {
    const ada = await aUser("Ada");
    const bob = await aUser("Bob");
    const first = await insertApiToken(aToken(ada.id));
    expect(first).toMatchObject({ userId: ada.id, lastUsedAt: null, revokedAt: null });
    expect(first.createdAt).toBeInstanceOf(Date);
    const second = await insertApiToken(aToken(ada.id));
    await insertApiToken(aToken(bob.id));
    // Newest first; SQLite's default created_at has whole seconds, so the two may tie.
    const listed = await listApiTokens(ada.id);
    expect(listed.map((t) => t.id).sort()).toEqual([first.id, second.id].sort());
    expect(listed[0].createdAt.getTime()).toBeGreaterThanOrEqual(listed[1].createdAt.getTime());
  });

  it("finds the live token by its hash with its user, and nothing once revoked by its owner", async () => {
    const ada = await aUser("Ada");
    const bob = await aUser("Bob");
    const token = await insertApiToken(aToken(ada.id));
    expect(await findUserByTokenHash(token.tokenHash)).toMatchObject({ user: { id: ada.id, name: "Ada" }, token: { id: token.id } });
    expect(await findUserByTokenHash("no such hash")).toBeUndefined();

    expect(await revokeApiToken(bob.id, token.id)).toBeUndefined(); // not Bob's
    const revoked = await revokeApiToken(ada.id, token.id);
    expect(revoked?.revokedAt).toBeInstanceOf(Date);
    expect(await revokeApiToken(ada.id, token.id)).toBeUndefined(); // already revoked
    expect(await findUserByTokenHash(token.tokenHash)).toBeUndefined();
  });

  it("records use at most once a minute", async () => {
    const ada = await aUser();
    const token = await insertApiToken(aToken(ada.id));
    await touchApiToken(token);
    const used = (await findUserByTokenHash(token.tokenHash))!.token;
    expect(used.lastUsedAt).toBeInstanceOf(Date);
    await touchApiToken({ id: token.id, lastUsedAt: new Date(Date.now() - 1000) });
    expect((await findUserByTokenHash(token.tokenHash))!.token.lastUsedAt).toEqual(used.lastUsedAt);
    const hourAgo = new Date(Date.now() - 3_600_000);
    await touchApiToken({ id: token.id, lastUsedAt: hourAgo });
    expect((await findUserByTokenHash(token.tokenHash))!.token.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(used.lastUsedAt!.getTime());
  });
});
