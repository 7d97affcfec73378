import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { jsonFromYDoc } from "@/lib/editor/document";
import { loadPageDoc } from "@/lib/pages/content";
import { appendParagraph, connectClient, isAcknowledged, paragraphs } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { fragment, paragraph, seededRandom, textblocks, type Random } from "../helpers/random-edits";
import { startNginx, type Nginx } from "../helpers/nginx";
import { callApi, startServer, type RunningServer } from "../helpers/server";
import { sessionCookie } from "../helpers/session-cookie";
import { withPostgres, withTempPostgresForCommands } from "../helpers/temp-postgres";
import { waitFor } from "../helpers/wait";

/**
 * Opinio on PostgreSQL (issue 20), the real server: migrations applied at start, the page view,
 * the REST API, search, live editing with durable acknowledgements, and a restart that keeps
 * every acknowledged edit. Then two instances on the same database and Redis behind nginx, with
 * one page's sockets on both: the second instance forwards to the page's owner and both people
 * see each other's edits. The test process seeds through Opinio's own commands on the same
 * database.
 */
const postgres = withTempPostgresForCommands();
const servers: RunningServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => server.kill()));
});

async function serve(env: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startServer({ env: { DATABASE_URL: postgres.url, ...env } });
  servers.push(server);
  return server;
}

describe("one instance on PostgreSQL", () => {
  it("serves pages, the API, search and live editing, and keeps acknowledged edits over a restart", async () => {
    let server = await serve();
    const owner = await makeUser("Petra Postgres");
    const cookie = await sessionCookie(owner);
    const { page } = await makeWikiWithMembers(owner, [], "Due diligence in cyberspace, as written on PostgreSQL.");

    const view = await fetch(`${server.url}/api/v1/pages/${page.id}`, { headers: { authorization: `Bearer ${owner.token}` } });
    expect(view.status).toBe(200);
    expect(((await view.json()) as { text: string }).text).toContain("as written on PostgreSQL");
    const found = await callApi(server, owner.token, "GET", "/search?q=diligence");
    expect(found.status).toBe(200);
    expect(found.json.results.map((r: { pageTitle: string }) => r.pageTitle)).toContain(page.title);

    const client = connectClient(server.url, page.id, { cookie, origin: server.url }, undefined, { pathPerPage: true });
    try {
      await waitFor(() => expect(client.events.synced).toBeGreaterThan(0));
      appendParagraph(client.doc, "Acknowledged on PostgreSQL.");
      await waitFor(() => expect(isAcknowledged(client)).toBe(true));
    } finally {
      client.destroy();
    }

    await server.kill("SIGKILL");
    server = await serve();
    const again = await callApi(server, owner.token, "GET", `/pages/${page.id}`);
    expect(again.json.text).toContain("Acknowledged on PostgreSQL.");
  });
});

describe("two instances on PostgreSQL and Redis behind nginx", () => {
  let nginx: Nginx;
  const shared = {
    REDIS_URL: process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379",
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  };
  afterAll(async () => {
    await nginx?.stop();
  });

  it("lets two people on different instances edit one page together", async () => {
    const [a, b] = [await serve(shared), await serve(shared)];
    nginx = await startNginx([a.port, b.port]);
    const owner = await makeUser("Ada Owner");
    const editor = await makeUser("Ben Editor");
    const { page } = await makeWikiWithMembers(owner, [{ user: editor, role: "editor" }], "Shared opening.");

    // Straight to each instance: whichever claims the page first owns it, the other forwards.
    const first = connectClient(a.url, page.id, { cookie: await sessionCookie(owner), origin: a.url }, undefined, { pathPerPage: true });
    const second = connectClient(b.url, page.id, { cookie: await sessionCookie(editor), origin: b.url }, undefined, { pathPerPage: true });
    // And one through the proxy.
    const third = connectClient(nginx.url, page.id, { cookie: await sessionCookie(owner), origin: nginx.url }, undefined, {
      pathPerPage: true,
    });
    try {
      await waitFor(() => expect([first, second, third].every((c) => c.events.synced > 0)).toBe(true));
      // One instance holds the page; the other serves its socket by forwarding to it.
      const leases = await withPostgres(postgres.url, (client) =>
        client.query<{ owner: string }>("SELECT owner FROM page_leases WHERE page_id = $1 AND expires_at > now()", [page.id]),
      );
      expect(leases.rows).toHaveLength(1);
      appendParagraph(first.doc, "From the first instance.");
      appendParagraph(second.doc, "From the second instance.");
      appendParagraph(third.doc, "Through nginx.");
      await waitFor(() => expect([first, second, third].every(isAcknowledged)).toBe(true));
      const expected = ["Shared opening.", "From the first instance.", "From the second instance.", "Through nginx."].sort();
      await waitFor(() => {
        for (const client of [first, second, third]) expect([...paragraphs(client.doc)].sort()).toEqual(expected);
      });
    } finally {
      for (const client of [first, second, third]) client.destroy();
    }
    // What a fresh instance loads is what they saw.
    const reply = await callApi(a, owner.token, "GET", `/pages/${page.id}`);
    for (const text of ["From the first instance.", "From the second instance.", "Through nginx."]) expect(reply.json.text).toContain(text);
  });
});

/** One random edit: a word typed somewhere, a few characters deleted, a paragraph added or removed. */
function randomEdit(doc: Y.Doc, random: Random): void {
  const body = fragment(doc);
  const blocks = textblocks(doc);
  const roll = random.next();
  doc.transact(() => {
    if (roll < 0.5 && blocks.length) {
      const text = random.pick(blocks);
      text.insert(random.int(text.length + 1), `${random.pick(["diligence", "State", "harm", "Art. 2(4)", "knew"])} `);
    } else if (roll < 0.75 && blocks.length) {
      const text = random.pick(blocks);
      if (text.length > 1) text.delete(random.int(text.length - 1), 1 + random.int(3));
    } else if (roll < 0.92 || body.length < 3) body.insert(random.int(body.length + 1), [paragraph(`Paragraph ${random.int(1000)}.`)]);
    else body.delete(random.int(body.length), 1);
  });
}

describe("two instances: random edits from both sides", () => {
  const shared = {
    REDIS_URL: process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379",
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 8).toString("base64"),
  };

  it("converges on every client, equal to what a fresh load of the stored page gives", async () => {
    const seed = Number(process.env.SCALE_SEED ?? Date.now() % 100_000);
    console.log(`two-instance convergence seed: ${seed} (replay with SCALE_SEED=${seed})`);
    const random = seededRandom(seed);
    const [a, b] = [await serve(shared), await serve(shared)];
    const owner = await makeUser("Rhea Random");
    const { page } = await makeWikiWithMembers(owner, [], "First paragraph.\n\nSecond paragraph.");
    const cookie = await sessionCookie(owner);
    const clients = [a, b, a, b].map((server) =>
      connectClient(server.url, page.id, { cookie, origin: server.url }, undefined, { pathPerPage: true }),
    );
    try {
      await waitFor(() => expect(clients.every((c) => c.events.synced > 0)).toBe(true));
      for (let step = 0; step < 200; step++) {
        randomEdit(random.pick(clients).doc, random);
        // Now and then a pause, so edits cross in flight and also arrive after others were seen.
        if (random.chance(0.1)) await new Promise((resolve) => setTimeout(resolve, random.int(30)));
      }
      await waitFor(() => expect(clients.every(isAcknowledged)).toBe(true), { timeout: 30_000 });
      const expected = JSON.stringify(jsonFromYDoc(clients[0].doc));
      await waitFor(() => {
        for (const client of clients) expect(JSON.stringify(jsonFromYDoc(client.doc))).toBe(expected);
      });
      const stored = (await loadPageDoc(page.id))!;
      try {
        expect(JSON.stringify(jsonFromYDoc(stored.doc))).toBe(expected);
      } finally {
        stored.doc.destroy();
      }
      // And the instance that forwarded serves the same text over REST.
      const reply = await callApi(b, owner.token, "GET", `/pages/${page.id}`);
      expect(reply.json.json).toEqual(JSON.parse(expected));
    } finally {
      for (const client of clients) client.destroy();
    }
  }, 120_000);
});

describe("an owner killed with -9", () => {
  const shared = {
    REDIS_URL: process.env.REDIS_TEST_URL ?? "redis://127.0.0.1:6379",
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
  };

  it("hands its pages to a survivor once the lease runs out, and every acknowledged edit is there once", async () => {
    const [a, b] = [await serve(shared), await serve(shared)];
    const owner = await makeUser("Kim Killed");
    const editor = await makeUser("Sam Survivor");
    const { page } = await makeWikiWithMembers(owner, [{ user: editor, role: "editor" }], "Before the crash.");
    const onA = connectClient(a.url, page.id, { cookie: await sessionCookie(owner), origin: a.url }, undefined, { pathPerPage: true });
    await waitFor(() => expect(onA.events.synced).toBeGreaterThan(0));
    // A claimed the page first: B forwards this one to it.
    const onB = connectClient(b.url, page.id, { cookie: await sessionCookie(editor), origin: b.url }, undefined, { pathPerPage: true });
    try {
      await waitFor(() => expect(onB.events.synced).toBeGreaterThan(0));
      appendParagraph(onA.doc, "Acknowledged by A.");
      appendParagraph(onB.doc, "Acknowledged through B.");
      await waitFor(() => expect([onA, onB].every(isAcknowledged)).toBe(true));

      await a.kill("SIGKILL");
      // B's tunnel to A ends; its browser reconnects to B, which takes the page once A's lease has
      // run out (10 s), and loads every edit A acknowledged.
      appendParagraph(onB.doc, "Typed while A was gone.");
      await waitFor(() => expect(isAcknowledged(onB)).toBe(true), { timeout: 60_000, interval: 200 });
      const lease = await withPostgres(postgres.url, (client) =>
        client.query<{ owner: string; epoch: number }>("SELECT owner, epoch FROM page_leases WHERE page_id = $1", [page.id]),
      );
      expect(lease.rows[0].epoch).toBe(2);
    } finally {
      onA.destroy();
      onB.destroy();
    }
    const reply = await callApi(b, owner.token, "GET", `/pages/${page.id}`);
    const text: string = reply.json.text;
    for (const edit of ["Before the crash.", "Acknowledged by A.", "Acknowledged through B.", "Typed while A was gone."])
      expect(text.split(edit).length - 1, edit).toBe(1);
  }, 120_000);
});
