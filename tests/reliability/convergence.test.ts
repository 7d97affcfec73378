import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addMember } from "@/lib/commands/wikis";
import { jsonFromYDoc } from "@/lib/editor/document";
import { startChaosProxy } from "../helpers/chaos-proxy";
import { connectClient, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { fragment, paragraph, plainText, seededRandom, textblocks, type Random } from "../helpers/random-edits";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * Promise 2: concurrent edits converge. Five clients make random edits of every kind the editor
 * makes (typing, deleting, marks, paragraph splits, lists, tables, removing blocks) through the
 * real server, behind a proxy that delays frames, lets connections overtake each other and cuts a
 * connection with 2% probability per step. Afterwards every client and a fresh reader (after a
 * server restart) hold identical ProseMirror JSON. The seed is printed; CONVERGENCE_SEED replays.
 */
const STEPS = Number(process.env.CONVERGENCE_STEPS ?? 300);
const SEED = Number(process.env.CONVERGENCE_SEED ?? Date.now() % 1_000_000);
const CLIENTS = 5;

const server = withServer({ prefix: "opinio-convergence-", env: { COMPACT_AFTER_UPDATES: "20", COMPACT_IDLE_MS: "50" } });
let pageId: string;
let token: string;
const writerTokens: string[] = [];
const clients: TestClient[] = [];

const WORDS = [
  "State",
  "diligence",
  "sovereignty",
  "A/70/174",
  "13(c)",
  "opinio",
  "juris",
  "harm",
  "Corfu",
  "norm",
  "binding",
  "Art. 2(4)",
];

function cell(text: string): Y.XmlElement {
  const element = new Y.XmlElement("tableCell");
  element.insert(0, [paragraph(text)]);
  return element;
}

/** One random edit in the editor's document shape (see lib/editor/extensions.ts). */
function randomEdit(doc: Y.Doc, random: Random) {
  const body = fragment(doc);
  const blocks = textblocks(doc);
  const roll = random.next();
  doc.transact(() => {
    if (roll < 0.35 && blocks.length) {
      const text = random.pick(blocks);
      text.insert(random.int(text.length + 1), `${random.pick(WORDS)} `);
    } else if (roll < 0.5 && blocks.length) {
      const text = random.pick(blocks);
      if (text.length > 1) {
        const at = random.int(text.length - 1);
        text.delete(at, 1 + random.int(Math.min(8, text.length - at - 1)));
      }
    } else if (roll < 0.62 && blocks.length) {
      const text = random.pick(blocks);
      if (text.length > 1)
        text.format(
          random.int(text.length - 1),
          1 + random.int(6),
          random.chance(0.5) ? { bold: {} } : { italic: random.chance(0.7) ? {} : null },
        );
    } else if (roll < 0.74) {
      // Split a top-level paragraph: its tail moves into a new paragraph right after it.
      const index = random.int(body.length);
      const block = body.get(index);
      const text = block instanceof Y.XmlElement && block.nodeName === "paragraph" ? block.get(0) : null;
      if (text instanceof Y.XmlText && text.length > 2) {
        const at = 1 + random.int(text.length - 1);
        const tail = plainText(text).slice(at);
        text.delete(at, text.length - at);
        body.insert(index + 1, [paragraph(tail)]);
      }
    } else if (roll < 0.82) {
      const list = new Y.XmlElement(random.chance(0.5) ? "bulletList" : "orderedList");
      const item = new Y.XmlElement("listItem");
      item.insert(0, [paragraph(random.pick(WORDS))]);
      list.insert(0, [item]);
      body.insert(random.int(body.length + 1), [list]);
    } else if (roll < 0.88) {
      const table = new Y.XmlElement("table");
      for (let r = 0; r < 2; r++) {
        const row = new Y.XmlElement("tableRow");
        row.insert(0, [cell(random.pick(WORDS)), cell(random.pick(WORDS))]);
        table.insert(r, [row]);
      }
      body.insert(random.int(body.length + 1), [table]);
    } else if (roll < 0.94) {
      body.insert(random.int(body.length + 1), [paragraph(random.pick(WORDS))]);
    } else if (body.length > 2) {
      body.delete(random.int(body.length), 1);
    }
  });
}

beforeAll(async () => {
  const owner = await makeUser("Converging Owner");
  token = owner.token;
  const { wiki, page } = await makeWikiWithMembers(owner, [], "The first paragraph.\n\nThe second paragraph.");
  pageId = page.id;
  for (let i = 0; i < CLIENTS; i++) {
    const user = await makeUser(`Converging Writer ${i}`);
    await addMember(wiki.id, user.email, "editor", owner.id);
    writerTokens.push(user.token);
  }
});

afterAll(async () => {
  for (const c of clients) c.destroy();
});

describe(`convergence under a hostile network (seed ${SEED}, ${STEPS} steps)`, () => {
  it(
    "all clients and a fresh reader after a restart hold identical ProseMirror JSON",
    async () => {
      console.log(`convergence seed: ${SEED} (replay with CONVERGENCE_SEED=${SEED})`);
      const random = seededRandom(SEED);
      const proxy = await startChaosProxy(server.url, seededRandom(SEED + 1));
      for (const writerToken of writerTokens) clients.push(connectClient(proxy.url, pageId, { token: writerToken }));
      for (const c of clients) await waitFor(() => expect(c.provider.isSynced).toBe(true), { timeout: 20_000 });

      let drops = 0;
      for (let step = 0; step < STEPS; step++) {
        randomEdit(random.pick(clients).doc, random);
        if (random.chance(0.02)) {
          proxy.dropRandom();
          drops++;
        }
        // Random gaps between edits (time is the point: they vary how edits and drops interleave).
        if (random.chance(0.3)) await new Promise((r) => setTimeout(r, random.int(8)));
      }
      // Heal: every client reconnects and delivers what it has; then all agree.
      for (const c of clients)
        await waitFor(() => expect(c.provider.isSynced && !c.provider.hasUnsyncedChanges).toBe(true), { timeout: 30_000 });
      const first = () => JSON.stringify(jsonFromYDoc(clients[0].doc));
      for (const c of clients) await waitFor(() => expect(JSON.stringify(jsonFromYDoc(c.doc))).toBe(first()), { timeout: 30_000 });
      const converged = first();
      await proxy.close();

      await server.restart("SIGTERM");
      const reader = connectClient(server.url, pageId, { token });
      clients.push(reader);
      await waitFor(() => expect(reader.provider.isSynced).toBe(true), { timeout: 20_000 });
      expect(JSON.stringify(jsonFromYDoc(reader.doc))).toBe(converged);
      console.log(`convergence: ${STEPS} steps, ${drops} dropped connections, ${converged.length} bytes of JSON, all equal`);
    },
    120_000 + STEPS * 100,
  );
});
