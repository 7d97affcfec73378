import type { JSONContent } from "@tiptap/core";
import { EditorState, TextSelection } from "@tiptap/pm/state";
import { initProseMirrorDoc, updateYFragment } from "@tiptap/y-tiptap";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDbHandle } from "@/db/client";
import { SUGGEST_ONLY_REASON } from "@/lib/collab/reasons";
import { editorSchema, jsonFromYDoc } from "@/lib/editor/document";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT } from "@/lib/editor/suggestion-marks";
import {
  type Action,
  backspace,
  deleteBlocks,
  enter,
  forwardDelete,
  paste,
  p,
  type,
  wordBackspace,
} from "@/lib/editor/suggesting/test-support";
import { suggestTransaction } from "@/lib/editor/suggesting/transform";
import { asIfAllAccepted, canonicalJSON, listSuggestions } from "@/lib/suggestions/view";
import { startChaosProxy } from "../helpers/chaos-proxy";
import { connectClient, isAcknowledged, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { seededRandom, type Random } from "../helpers/random-edits";
import { callApi } from "../helpers/server";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * Issue 19: suggestions converge through the server. Five reviewers make random Suggesting edits
 * (typing, deleting, word deletes, Enter, pastes, whole-block deletes) the way the editor makes
 * them: the Yjs document read into ProseMirror, the key press as ProseMirror's transaction,
 * `suggestTransaction` turning it into a suggestion, and y-tiptap's `updateYFragment` writing the
 * result back, as the editor's binding does. Two editors meanwhile accept and reject suggestions
 * they see over the REST API, one at a time and all at once. Every client is behind a proxy that
 * delays frames, lets connections overtake each other and cuts connections. Afterwards:
 *   - every replica holds the same document;
 *   - no orphan marks: every suggestion id in the document is listed as pending (and not also as
 *     decided), and after a final accept-all or reject-all no suggestion is left anywhere;
 *   - no honest update was refused by the reviewer guard (a refusal would also leave that
 *     reviewer's replica apart from the server's).
 * SUGGESTION_FUZZ_STEPS sets the length (soak: 3000), SUGGESTION_FUZZ_SEED replays a seed,
 * SUGGESTION_FUZZ_DECIDE_SHARE the share of steps that are decisions.
 *
 * NEITHER RUN IS IN `npm test` YET (SUGGESTION_FUZZ=1 runs both). Taking turns (each edit or
 * decision reaches everyone before the next) passes most seeds, but seed 79338 shows a server
 * accept-all that differs from asIfAllAccepted of the same document (a pasted insertion beside a
 * block suggestion is dropped): one of the two is wrong, not yet found which. The hostile run fails. With reordering it finds honest
 * updates refused in nearly every seed. The causes found so far and fixed in the guard
 * (lib/suggestions/shadow.ts) were mark order and null attributes; what is left is concurrency
 * itself: a reviewer's split or paste, made on a replica that has not yet seen another reviewer's
 * strike or insertion in the same text, copies the text into a new block without it, so in the
 * server's order it removes someone else's suggestion, and a reviewer taking back text that an
 * editor has meanwhile accepted deletes accepted text. Both are refused (the browser then resyncs
 * and says so: components/editor/collab.ts). Turn it on in `npm test` once they are decided.
 */
const STEPS = Number(process.env.SUGGESTION_FUZZ_STEPS ?? 150);
const SEED = Number(process.env.SUGGESTION_FUZZ_SEED ?? Date.now() % 1_000_000);
const SUGGESTERS = 5;
const DECIDERS = 2;
/** The share of steps that are a decision rather than a keystroke. */
const DECIDE_SHARE = Number(process.env.SUGGESTION_FUZZ_DECIDE_SHARE ?? 0.15);

const server = withServer({ prefix: "opinio-suggestion-convergence-", env: { COMPACT_AFTER_UPDATES: "40", COMPACT_IDLE_MS: "100" } });

type Person = { id: string; email: string; token: string };
type Participant = Person & { client: TestClient; refusals: number };

let pageId: string;
/** Every client any test connected, for the clean-up. */
const connected: Participant[] = [];
const people: { owner?: Person; reviewers: Person[]; editors: Person[] } = { reviewers: [], editors: [] };

const INITIAL = [
  "The obligation of due diligence is binding on States.",
  "It applies to cyber operations from their territory.",
  "The threshold is serious adverse consequences.",
  "Knowledge, actual or constructive, is required.",
].join("\n\n");

const WORDS = ["emerging ", "not ", "customary ", "x", " ", "arguably ", "A/70/174 "];

beforeAll(async () => {
  const owner = await makeUser("Fuzz Owner");
  for (let i = 0; i < SUGGESTERS; i++) people.reviewers.push(await makeUser(`Fuzz Reviewer ${i}`));
  for (let i = 0; i < DECIDERS; i++) people.editors.push(await makeUser(`Fuzz Editor ${i}`));
  const { page } = await makeWikiWithMembers(
    owner,
    [
      ...people.reviewers.map((user) => ({ user, role: "reviewer" as const })),
      ...people.editors.map((user) => ({ user, role: "editor" as const })),
    ],
    INITIAL,
  );
  people.owner = owner;
  pageId = page.id;
});

afterAll(() => {
  for (const participant of connected) participant.client.destroy();
});

/** Every position a caret can be at (inside textblocks). */
function caretPositions(state: EditorState): number[] {
  const positions: number[] = [];
  state.doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    for (let i = 0; i <= node.content.size; i++) positions.push(pos + 1 + i);
    return false;
  });
  return positions;
}

/** One random key press or paste of `author`'s, as a suggestion, written into its replica. */
function suggestOnce(participant: Participant, random: Random): void {
  const { doc } = participant.client;
  const body = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  const { doc: pmDoc, meta } = initProseMirrorDoc(body, editorSchema());
  const positions = caretPositions(EditorState.create({ doc: pmDoc }));
  if (positions.length === 0) return;
  const anchor = random.pick(positions);
  const head = random.chance(0.3) ? random.pick(positions) : anchor;
  const state = EditorState.create({ doc: pmDoc, selection: TextSelection.create(pmDoc, anchor, head) });
  const blocks = (s: EditorState) => {
    const first = random.int(s.doc.childCount);
    return deleteBlocks(first, Math.min(s.doc.childCount - 1, first + random.int(2)))(s);
  };
  const actions: Action[] = [
    type(random.pick(WORDS)),
    type(random.pick(WORDS)),
    type(random.pick(WORDS)),
    backspace,
    backspace,
    forwardDelete,
    wordBackspace,
    enter,
    paste([p("pasted")]),
    paste([p("P1"), p("P2")]),
    blocks,
  ];
  let transaction;
  try {
    transaction = random.pick(actions)(state);
  } catch {
    return; // A key press ProseMirror itself cannot make here (a join at the document's edge).
  }
  if (!transaction) return;
  const result = suggestTransaction(state, transaction, { authorId: participant.id, now: new Date().toISOString() });
  if (result.kind !== "suggest") return;
  const next = state.apply(result.transaction);
  // As the editor's binding writes a ProseMirror change into Yjs: one transaction, a minimal diff.
  doc.transact(() => updateYFragment(doc, body, next.doc, meta));
}

/** Every suggestion id in a document: marks and block attributes. */
function suggestionIds(json: JSONContent): Set<string> {
  const ids = new Set<string>();
  const visit = (node: JSONContent) => {
    const block = node.attrs?.[BLOCK_SUGGESTION_ATTRIBUTE] as { id?: string } | null | undefined;
    if (block?.id) ids.add(block.id);
    for (const mark of node.marks ?? []) if (mark.type === SUGGESTION_INSERT || mark.type === SUGGESTION_DELETE) ids.add(mark.attrs?.id);
    node.content?.forEach(visit);
  };
  visit(json);
  return ids;
}

type Listed = { id: string; status: string };

async function listed(token: string): Promise<Listed[]> {
  const reply = await callApi(server, token, "GET", `/pages/${pageId}/suggestions`);
  expect(reply.status).toBe(200);
  return (reply.json as { suggestions: Listed[] }).suggestions;
}

/** A decision an editor makes from what its own replica shows; 409 and 404 are fair answers in a race. */
async function decide(editor: Participant, random: Random, log: string[]): Promise<void> {
  const pending = listSuggestions(jsonFromYDoc(editor.client.doc));
  const roll = random.next();
  let reply;
  if (roll < 0.08) {
    const decision = random.chance(0.5) ? "accept-all" : "reject-all";
    const authorId = random.chance(0.5) ? random.pick(people.reviewers).id : undefined;
    reply = await callApi(server, editor.token, "POST", `/pages/${pageId}/suggestions/${decision}`, authorId ? { authorId } : {});
    log.push(`${decision}${authorId ? " by one author" : ""}: ${reply.status}`);
    expect(reply.status).toBe(200);
    return;
  }
  if (pending.length === 0) return;
  const target = random.pick(pending);
  const decision = random.chance(0.6) ? "accept" : "reject";
  reply = await callApi(server, editor.token, "POST", `/suggestions/${target.id}/${decision}`);
  log.push(`${decision} ${target.id}: ${reply.status}`);
  expect([200, 404, 409], `${decision} ${target.id} answered ${reply.status} ${reply.text}`).toContain(reply.status);
}

function auditedRefusals(): number {
  const { sqlite } = getDbHandle();
  return (sqlite.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'suggestion.refused'").get() as { n: number }).n;
}

/**
 * The same document either way it is written: the Yjs reader leaves out unset attributes and keeps
 * an empty paragraph's `content: []`, the JSON transforms write unset attributes as null and leave
 * the empty content out.
 */
function withoutEmptyParts(node: JSONContent): JSONContent {
  const { attrs: given, content, ...rest } = node;
  const attrs = Object.fromEntries(Object.entries(given ?? {}).filter(([, value]) => value != null));
  return {
    ...rest,
    ...(Object.keys(attrs).length > 0 ? { attrs } : {}),
    ...(content && content.length > 0 ? { content: content.map(withoutEmptyParts) } : {}),
  };
}

const canonicalBody = (participant: Participant) => canonicalJSON(jsonFromYDoc(participant.client.doc));

function connect(person: Person, url: string): Participant {
  const participant: Participant = { ...person, client: connectClient(url, pageId, { token: person.token }), refusals: 0 };
  participant.client.provider.on("close", ({ event }: { event: { reason?: string } }) => {
    if (event.reason === SUGGEST_ONLY_REASON) participant.refusals++;
  });
  connected.push(participant);
  return participant;
}

/**
 * What must hold at the end of either run: no honest update refused, every replica equal, the
 * document's suggestions exactly the API's pending ones, and one accept-all leaving none anywhere.
 */
async function expectConverged(
  suggesters: Participant[],
  deciders: Participant[],
  log: string[],
): Promise<{ pending: number; decided: number }> {
  const everyone = [...suggesters, ...deciders];
  const refused = server
    .output()
    .split("\n")
    .filter((line) => line.includes("Refused a suggest-only update"));
  expect(
    everyone.map((participant) => participant.refusals),
    `honest updates refused by the reviewer guard:\n${[...new Set(refused)].join("\n")}\n${log.join("\n")}`,
  ).toEqual(everyone.map(() => 0));
  for (const participant of everyone)
    await waitFor(() => expect(canonicalBody(participant)).toBe(canonicalBody(everyone[0])), { timeout: 30_000 });
  const converged = jsonFromYDoc(everyone[0].client.doc);

  // No orphans: what the document holds is what the API lists as pending, and nothing else.
  const inDocument = suggestionIds(converged);
  const list = await listed(deciders[0].token);
  const pending = new Set(list.filter((s) => s.status === "pending").map((s) => s.id));
  const decided = new Set(list.filter((s) => s.status !== "pending").map((s) => s.id));
  expect([...inDocument].sort()).toEqual([...pending].sort());
  expect(
    [...pending].filter((id) => decided.has(id)),
    "ids both pending and decided",
  ).toEqual([]);

  // …and one decision reaches every one of them: after it no suggestion is left anywhere.
  const expected = asIfAllAccepted(converged);
  const final = await callApi(server, deciders[1].token, "POST", `/pages/${pageId}/suggestions/accept-all`, {});
  expect(final.status).toBe(200);
  for (const participant of everyone)
    await waitFor(() => expect(suggestionIds(jsonFromYDoc(participant.client.doc)).size).toBe(0), { timeout: 30_000 });
  for (const participant of everyone) await waitFor(() => expect(canonicalBody(participant)).toBe(canonicalBody(everyone[0])));
  expect(canonicalJSON(withoutEmptyParts(jsonFromYDoc(everyone[0].client.doc)))).toBe(canonicalJSON(withoutEmptyParts(expected)));
  expect((await listed(deciders[0].token)).filter((s) => s.status === "pending")).toEqual([]);
  expect(auditedRefusals()).toBe(0);
  return { pending: inDocument.size, decided: list.length - pending.size };
}

const TURNS = Number(process.env.SUGGESTION_TURNS ?? 80);

// The same people, edits and decisions, each waiting for the one before to reach everyone. The
// guard's own mistakes (it once refused honest edits over mark order and null attributes) show up
// here without any concurrency.
describe.runIf(process.env.SUGGESTION_FUZZ)(`suggestions converge when people take turns (seed ${SEED}, ${TURNS} turns)`, () => {
  it(
    "every replica ends equal, no suggestion is orphaned, no honest update is refused",
    async () => {
      console.log(`suggestion turns seed: ${SEED} (replay with SUGGESTION_FUZZ_SEED=${SEED})`);
      const random = seededRandom(SEED);
      const suggesters = people.reviewers.map((reviewer) => connect(reviewer, server.url));
      const deciders = people.editors.map((editor) => connect(editor, server.url));
      const everyone = [...suggesters, ...deciders];
      for (const participant of everyone) await waitFor(() => expect(participant.client.provider.isSynced).toBe(true));
      const log: string[] = [];
      for (let turn = 0; turn < TURNS; turn++) {
        if (random.chance(DECIDE_SHARE)) await decide(random.pick(deciders), random, log);
        else {
          const suggester = random.pick(suggesters);
          suggestOnce(suggester, random);
          await waitFor(() => expect(isAcknowledged(suggester.client) || suggester.refusals > 0).toBe(true), { timeout: 30_000 });
          if (suggester.refusals > 0) break;
        }
        for (const participant of everyone)
          await waitFor(() => expect(canonicalBody(participant)).toBe(canonicalBody(everyone[0])), { timeout: 30_000 });
      }
      const { pending, decided } = await expectConverged(suggesters, deciders, log);
      console.log(`suggestion turns: ${TURNS} turns, ${pending} suggestions pending at the end, ${decided} decided, all equal`);
    },
    90_000 + TURNS * 500,
  );
});

describe.runIf(process.env.SUGGESTION_FUZZ)(`suggestions converge under a hostile network (seed ${SEED}, ${STEPS} steps)`, () => {
  it(
    "every replica ends equal, no suggestion is orphaned, no honest update is refused",
    async () => {
      console.log(`suggestion convergence seed: ${SEED} (replay with SUGGESTION_FUZZ_SEED=${SEED})`);
      const random = seededRandom(SEED);
      const proxy = await startChaosProxy(server.url, seededRandom(SEED + 1));
      const suggesters = people.reviewers.map((reviewer) => connect(reviewer, proxy.url));
      const deciders = people.editors.map((editor) => connect(editor, proxy.url));
      const everyone = [...suggesters, ...deciders];
      for (const participant of everyone) await waitFor(() => expect(participant.client.provider.isSynced).toBe(true));

      const decisions: Promise<void>[] = [];
      const log: string[] = [];
      let drops = 0;
      let edits = 0;
      for (let step = 0; step < STEPS; step++) {
        if (random.chance(DECIDE_SHARE)) decisions.push(decide(random.pick(deciders), random, log));
        else {
          suggestOnce(random.pick(suggesters), random);
          edits++;
        }
        if (random.chance(0.03)) {
          proxy.dropRandom();
          drops++;
        }
        // Random gaps: they vary how edits, decisions and drops interleave.
        if (random.chance(0.4)) await new Promise((resolve) => setTimeout(resolve, random.int(15)));
      }
      await Promise.all(decisions);

      // Heal: every client reconnects and delivers what it has; then all agree.
      // (A refused reviewer is never acknowledged: its provider sends the refused update again on every reconnect.)
      for (const participant of everyone)
        await waitFor(() => expect(isAcknowledged(participant.client) || participant.refusals > 0).toBe(true), { timeout: 30_000 });
      const { pending, decided } = await expectConverged(suggesters, deciders, log);
      await proxy.close();
      console.log(
        `suggestion convergence: ${edits} suggesting steps, ${decisions.length} decisions (${log.filter((l) => / 200$/.test(l)).length} took effect), ` +
          `${drops} dropped connections, ${pending} suggestions pending at the end, ${decided} decided, all equal`,
      );
    },
    90_000 + STEPS * 200,
  );
});
