import { expect, it } from "vitest";
import { getDb, getDbHandle, writeTransaction } from "@/db/client";
import { transaction } from "@/db/executor";
import { insertApiToken, listApiTokens } from "@/db/queries/api-tokens";
import { insertAuditEvent, listAuditEvents } from "@/db/queries/audit";
import { apiTokens } from "@/db/schema";
import { aUser, aWiki } from "./fixtures";
import { describeOnBothDialects } from "./harness";

/** The executor's transactions (db/executor.ts), the same on both dialects. */

const event = (wikiId: string, action: string) => ({
  at: new Date(),
  wikiId,
  actorId: null,
  actorName: null,
  action,
  targetType: null,
  targetId: null,
  details: "{}",
  ip: null,
});

let tokens = 0;
const aToken = (userId: string) => ({ id: `token-${++tokens}`, userId, name: `token ${tokens}`, tokenHash: `hash-${tokens}` });

describeOnBothDialects("transaction", (dialect) => {
  it("commits everything the work wrote, awaited one after another", async () => {
    const user = await aUser();
    const wiki = await aWiki(user.id);
    const written = await transaction(async () => {
      const token = await insertApiToken(aToken(user.id));
      await insertAuditEvent(event(wiki.id, "token.created"));
      return token;
    });
    expect((await listApiTokens(user.id)).map((t) => t.id)).toEqual([written.id]);
    expect((await listAuditEvents(wiki.id, {}, 10)).map((e) => e.action)).toEqual(["token.created"]);
  });

  it("leaves nothing written when the work throws, and passes the error on", async () => {
    const user = await aUser();
    const wiki = await aWiki(user.id);
    const failure = transaction(async () => {
      await insertApiToken(aToken(user.id));
      await insertAuditEvent(event(wiki.id, "token.created"));
      throw new Error("changed my mind");
    });
    await expect(failure).rejects.toThrow("changed my mind");
    expect(await listApiTokens(user.id)).toEqual([]);
    expect(await listAuditEvents(wiki.id, {}, 10)).toEqual([]);
  });

  it("leaves nothing written when a statement fails halfway", async () => {
    const user = await aUser();
    const token = aToken(user.id);
    // The second insert breaks the unique token hash: the first must go too.
    const failure = transaction(async () => {
      await insertApiToken(token);
      await insertApiToken({ ...aToken(user.id), tokenHash: token.tokenHash });
    });
    await expect(failure).rejects.toThrow();
    expect(await listApiTokens(user.id)).toEqual([]);
  });

  it("rolls a nested transaction back alone (a savepoint), keeping the outer work", async () => {
    const user = await aUser();
    const kept = aToken(user.id);
    await transaction(async () => {
      await insertApiToken(kept);
      await expect(
        transaction(async () => {
          await insertApiToken(aToken(user.id));
          throw new Error("inner only");
        }),
      ).rejects.toThrow("inner only");
      await transaction(async () => {
        await transaction(async () => void (await insertApiToken({ ...aToken(user.id), name: "nested twice" })));
      });
    });
    expect((await listApiTokens(user.id)).map((t) => t.name).sort()).toEqual([kept.name, "nested twice"].sort());
  });

  it("keeps an open transaction's writes from readers outside it until it commits", async () => {
    const user = await aUser();
    let releaseWork!: () => void;
    const workMayEnd = new Promise<void>((resolve) => (releaseWork = resolve));
    let inserted!: () => void;
    const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
    const open = transaction(async () => {
      await insertApiToken(aToken(user.id));
      inserted();
      await workMayEnd;
    });
    await insertedNow;
    try {
      // Outside the transaction: PostgreSQL answers at once with the committed state; SQLite
      // waits for the transaction to end (it would have answered within this turn otherwise).
      let answered = false;
      const outside = listApiTokens(user.id).then((rows) => ((answered = true), rows));
      if (dialect === "postgres") expect(await outside).toEqual([]);
      else {
        await new Promise((resolve) => setImmediate(resolve));
        expect(answered).toBe(false);
      }
      releaseWork();
      await open;
      expect(await listApiTokens(user.id)).toHaveLength(1);
      if (dialect === "sqlite") expect(await outside).toHaveLength(1);
    } finally {
      releaseWork();
    }
  });

  it("runs concurrent transactions without losing or mixing their writes, and rolls back only the failing ones", async () => {
    const user = await aUser();
    const wiki = await aWiki(user.id);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        transaction(async () => {
          await insertApiToken({ ...aToken(user.id), name: `concurrent ${i}` });
          await insertAuditEvent(event(wiki.id, `test.concurrent-${i}`));
          if (i % 3 === 0) throw new Error(`transaction ${i} fails`);
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(4);
    const names = (await listApiTokens(user.id)).map((t) => t.name).sort();
    const committed = [1, 2, 4, 5, 7, 8, 10, 11];
    expect(names).toEqual(committed.map((i) => `concurrent ${i}`).sort());
    const actions = (await listAuditEvents(wiki.id, {}, 100)).map((e) => e.action).sort();
    expect(actions).toEqual(committed.map((i) => `test.concurrent-${i}`).sort());
  });

  if (dialect === "sqlite") {
    it("includes synchronous code it calls (modules not converted yet), and keeps code outside it from writing into it", async () => {
      const user = await aUser();
      let releaseWork!: () => void;
      const workMayEnd = new Promise<void>((resolve) => (releaseWork = resolve));
      let inserted!: () => void;
      const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
      const open = transaction(async () => {
        // Synchronous code called from the work joins the transaction (as a savepoint)…
        writeTransaction(() => getDb().insert(apiTokens).values(aToken(user.id)).run());
        inserted();
        await workMayEnd;
        throw new Error("roll it all back");
      });
      await insertedNow;
      setImmediate(releaseWork); // even if an assertion below fails, so the transaction ends
      // …while synchronous code outside it cannot slip a write in, nor see the uncommitted row.
      expect(() => writeTransaction(() => getDb().insert(apiTokens).values(aToken(user.id)).run())).toThrow(/async transaction/);
      expect(() => getDb().insert(apiTokens).values(aToken(user.id)).run()).toThrow(/locked|busy/i);
      // The raw connection too (the collab server's log appends use it): refused, not joined.
      const raw = aToken(user.id);
      expect(() =>
        getDbHandle()
          .sqlite.transaction(() =>
            getDbHandle()
              .sqlite.prepare("INSERT INTO api_tokens (id, user_id, name, token_hash) VALUES (?, ?, ?, ?)")
              .run(raw.id, raw.userId, raw.name, raw.tokenHash),
          )
          .immediate(),
      ).toThrow(/locked|busy/i);
      expect(
        getDb()
          .select()
          .from(apiTokens)
          .all()
          .filter((t) => t.userId === user.id),
      ).toEqual([]);
      await expect(open).rejects.toThrow("roll it all back");
      expect(await listApiTokens(user.id)).toEqual([]);
    });

    it("refuses async work handed to the synchronous writeTransaction, writing nothing", async () => {
      const user = await aUser();
      expect(() => writeTransaction(() => insertApiToken(aToken(user.id)))).toThrow(/async work/);
      expect(await listApiTokens(user.id)).toEqual([]);
    });
  }
});
