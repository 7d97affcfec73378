import { beforeAll, describe, expect, it } from "vitest";
import { findStrandFields, listStrandEdges } from "@/db/queries/strands";
import type { Page, Wiki } from "@/db/schema";
import { createPage, trashPage } from "@/lib/commands/pages";
import { makeArgumentGraph } from "../helpers/argument-graph";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi } from "../helpers/server";
import { withServer } from "../helpers/with-server";

/**
 * Argument strands over REST: claim/stance/status per page, typed relations between strands of
 * one wiki, the argument map and the thesis. Who may call each endpoint at all is in
 * security-matrix.test.ts; this file is about what the calls do, what they refuse and what they
 * record.
 */

type TestUser = Awaited<ReturnType<typeof makeUser>>;
const server = withServer({ prefix: "opinio-strands-" });
let owner: TestUser, editor: TestUser, commenter: TestUser, viewer: TestUser, outsider: TestUser;
let wiki: Wiki;
let page: Page;

beforeAll(async () => {
  [owner, editor, commenter, viewer, outsider] = await Promise.all(
    ["Olga Owner", "Egon Editor", "Cleo Commenter", "Vera Viewer", "Otto Outsider"].map((n) => makeUser(n)),
  );
  ({ wiki, page } = await makeWikiWithMembers(owner, [
    { user: editor, role: "editor" },
    { user: commenter, role: "commenter" },
    { user: viewer, role: "viewer" },
  ]));
});

/** Status and JSON only: some assertions compare the whole reply. */
async function api(token: string, method: string, path: string, body?: unknown) {
  const { status, json } = await callApi(server, token, method, path, body);
  return { status, json };
}

const newPage = (title: string, wikiId = wiki.id, by = owner.id) => createPage({ wikiId, title, markdown: `${title}.` }, by);

async function auditActions(): Promise<{ action: string; actor: { id: string } | null; details: Record<string, unknown> }[]> {
  const reply = await api(owner.token, "GET", `/wikis/${wiki.id}/audit?limit=200`);
  expect(reply.status).toBe(200);
  return reply.json.events;
}

describe("strand fields", () => {
  it("reads as an empty draft before anyone sets them, without storing a row", async () => {
    const fresh = await newPage("Untouched strand");
    const reply = await api(viewer.token, "GET", `/pages/${fresh.id}/strand`);
    expect(reply).toEqual({ status: 200, json: { pageId: fresh.id, claim: "", stance: null, status: "draft" } });
    expect(await findStrandFields(fresh.id)).toBeUndefined();
  });

  it("lets an editor set claim, stance and status, changes only what is sent, and records it", async () => {
    const set = await api(editor.token, "PATCH", `/pages/${page.id}/strand`, {
      claim: "  Due diligence is anchored\nin primary rules.  ",
      stance: "supports",
      status: "in_review",
    });
    expect(set.status).toBe(200);
    expect(set.json).toEqual({
      pageId: page.id,
      claim: "Due diligence is anchored in primary rules.",
      stance: "supports",
      status: "in_review",
    });

    const partial = await api(owner.token, "PATCH", `/pages/${page.id}/strand`, { status: "settled" });
    expect(partial.json).toMatchObject({ claim: "Due diligence is anchored in primary rules.", stance: "supports", status: "settled" });
    const unset = await api(editor.token, "PATCH", `/pages/${page.id}/strand`, { stance: null });
    expect(unset.json).toMatchObject({ stance: null, status: "settled" });
    expect((await api(viewer.token, "GET", `/pages/${page.id}/strand`)).json).toMatchObject({
      claim: "Due diligence is anchored in primary rules.",
      stance: null,
      status: "settled",
    });
    // The page itself carries them too (an additive field).
    expect((await api(viewer.token, "GET", `/pages/${page.id}`)).json).toMatchObject({
      id: page.id,
      title: page.title,
      strand: { claim: "Due diligence is anchored in primary rules.", stance: null, status: "settled" },
    });

    const events = (await auditActions()).filter((e) => e.action === "strand.updated");
    expect(events).toHaveLength(3);
    expect(events[2]).toMatchObject({
      actor: { id: editor.id },
      details: { title: page.title, changes: expect.stringContaining("claim: Due diligence") },
    });
    expect(events[0].details.changes).toBe("stance: unset");
  });

  it("refuses bad input with a clear 400 and changes nothing", async () => {
    const before = await findStrandFields(page.id);
    const cases: [unknown, RegExp][] = [
      [{ claim: "x".repeat(301) }, /at most 300/],
      [{ stance: "agrees" }, /stance/i],
      [{ status: "done" }, /status/i],
      [{}, /Nothing to change/],
      [{ claim: 42 }, /claim/i],
    ];
    for (const [body, message] of cases) {
      const reply = await api(editor.token, "PATCH", `/pages/${page.id}/strand`, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(reply.json.error)).toMatch(message);
    }
    expect(await findStrandFields(page.id)).toEqual(before);
  });

  it("is read-only for viewers and commenters and invisible to outsiders", async () => {
    const before = await findStrandFields(page.id);
    for (const user of [viewer, commenter]) {
      const reply = await api(user.token, "PATCH", `/pages/${page.id}/strand`, { claim: "Hijacked." });
      expect(reply.status).toBe(403);
      expect(reply.json.error.message).toMatch(/role/);
    }
    expect((await api(outsider.token, "GET", `/pages/${page.id}/strand`)).status).toBe(404);
    expect((await api(outsider.token, "PATCH", `/pages/${page.id}/strand`, { claim: "Hijacked." })).status).toBe(404);
    expect(await findStrandFields(page.id)).toEqual(before);
  });
});

describe("relations", () => {
  it("are added by editors in either direction and listed from both ends, with notes", async () => {
    const a = await newPage("State practice and opinio juris");
    const b = await newPage("Primary rules");
    const c = await newPage("UN consensus");
    const out = await api(editor.token, "POST", `/pages/${a.id}/relations`, {
      toPageId: b.id,
      kind: "qualifies",
      note: "Practice could yet make a primary rule.",
    });
    expect(out.status).toBe(201);
    expect(out.json).toMatchObject({
      kind: "qualifies",
      fromPageId: a.id,
      toPageId: b.id,
      direction: "outgoing",
      note: "Practice could yet make a primary rule.",
      other: { pageId: b.id, title: "Primary rules" },
    });
    // Added from the target's page: "UN consensus relies on … this strand" is recorded c → a.
    const incoming = await api(owner.token, "POST", `/pages/${a.id}/relations`, {
      toPageId: c.id,
      kind: "relies_on",
      direction: "incoming",
    });
    expect(incoming.status).toBe(201);
    expect(incoming.json).toMatchObject({ fromPageId: c.id, toPageId: a.id, direction: "incoming", note: "" });

    const fromA = await api(viewer.token, "GET", `/pages/${a.id}/relations`);
    expect(fromA.json.outgoing.map((r: { other: { title: string }; kind: string }) => [r.kind, r.other.title])).toEqual([
      ["qualifies", "Primary rules"],
    ]);
    expect(fromA.json.incoming.map((r: { other: { title: string }; kind: string }) => [r.kind, r.other.title])).toEqual([
      ["relies_on", "UN consensus"],
    ]);
    const fromB = await api(commenter.token, "GET", `/pages/${b.id}/relations`);
    expect(fromB.json).toEqual({
      outgoing: [],
      incoming: [
        expect.objectContaining({
          id: out.json.id,
          direction: "incoming",
          note: "Practice could yet make a primary rule.",
          other: expect.objectContaining({ pageId: a.id }),
        }),
      ],
    });
    expect((await api(viewer.token, "GET", `/pages/${c.id}/relations`)).json.outgoing).toEqual([
      expect.objectContaining({ id: incoming.json.id, direction: "outgoing" }),
    ]);

    const added = (await auditActions()).filter((e) => e.action === "strand.relation-added");
    expect(added[0]).toMatchObject({
      actor: { id: owner.id },
      details: { title: "UN consensus", kind: "relies_on", toTitle: "State practice and opinio juris" },
    });
    expect(added[1]).toMatchObject({
      actor: { id: editor.id },
      details: { title: "State practice and opinio juris", kind: "qualifies", toTitle: "Primary rules" },
    });
  });

  it("refuses viewers, commenters, self-relations, duplicates and pages of another wiki, changing nothing", async () => {
    const a = await newPage("Lex ferenda");
    const b = await newPage("Tallinn Manual");
    const { page: elsewhere } = await makeWikiWithMembers(owner);
    expect((await api(editor.token, "POST", `/pages/${a.id}/relations`, { toPageId: b.id, kind: "rebuts" })).status).toBe(201);
    const before = (await listStrandEdges(wiki.id)).length;

    for (const user of [viewer, commenter]) {
      const reply = await api(user.token, "POST", `/pages/${a.id}/relations`, { toPageId: b.id, kind: "supports" });
      expect(reply.status).toBe(403);
    }
    expect((await api(outsider.token, "POST", `/pages/${a.id}/relations`, { toPageId: b.id, kind: "supports" })).status).toBe(404);

    const duplicate = await api(editor.token, "POST", `/pages/${a.id}/relations`, { toPageId: b.id, kind: "rebuts" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error.message).toBe("“Lex ferenda” already rebuts “Tallinn Manual”");
    // The same pair with another kind, or the other way round, is a different relation.
    const self = await api(editor.token, "POST", `/pages/${a.id}/relations`, { toPageId: a.id, kind: "supports" });
    expect(self.status).toBe(400);
    expect(self.json.error.message).toBe("A strand cannot be related to itself");
    const foreign = await api(owner.token, "POST", `/pages/${a.id}/relations`, { toPageId: elsewhere.id, kind: "supports" });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.message).toBe("The other strand must be a page of the same wiki");
    const missing = await api(editor.token, "POST", `/pages/${a.id}/relations`, { toPageId: "no-such-page", kind: "supports" });
    expect(missing.status).toBe(400);
    const badKind = await api(editor.token, "POST", `/pages/${a.id}/relations`, { toPageId: b.id, kind: "refutes" });
    expect(badKind.status).toBe(400);
    const longNote = await api(editor.token, "POST", `/pages/${a.id}/relations`, {
      toPageId: b.id,
      kind: "supports",
      note: "n".repeat(1001),
    });
    expect(longNote.status).toBe(400);
    expect(longNote.json.error.details ?? longNote.json.error.message).toBeTruthy();
    expect(await listStrandEdges(wiki.id)).toHaveLength(before);

    expect((await api(editor.token, "POST", `/pages/${b.id}/relations`, { toPageId: a.id, kind: "rebuts" })).status).toBe(201);
    expect((await api(editor.token, "POST", `/pages/${a.id}/relations`, { toPageId: b.id, kind: "qualifies" })).status).toBe(201);
  });

  it("are deleted by editors only, and the deletion is recorded", async () => {
    const a = await newPage("Knowledge and capacity");
    const b = await newPage("Standard of conduct");
    const created = await api(editor.token, "POST", `/pages/${a.id}/relations`, { toPageId: b.id, kind: "supports" });
    for (const user of [viewer, commenter]) expect((await api(user.token, "DELETE", `/relations/${created.json.id}`)).status).toBe(403);
    expect((await api(outsider.token, "DELETE", `/relations/${created.json.id}`)).status).toBe(404);
    expect((await api(viewer.token, "GET", `/pages/${b.id}/relations`)).json.incoming).toHaveLength(1);

    expect((await api(editor.token, "DELETE", `/relations/${created.json.id}`)).status).toBe(204);
    expect((await api(viewer.token, "GET", `/pages/${a.id}/relations`)).json).toEqual({ outgoing: [], incoming: [] });
    expect((await api(viewer.token, "GET", `/pages/${b.id}/relations`)).json).toEqual({ outgoing: [], incoming: [] });
    expect((await api(editor.token, "DELETE", `/relations/${created.json.id}`)).status).toBe(404);
    const removed = (await auditActions()).find((e) => e.action === "strand.relation-removed");
    expect(removed).toMatchObject({
      actor: { id: editor.id },
      details: { title: "Knowledge and capacity", kind: "supports", toTitle: "Standard of conduct" },
    });
  });
});

describe("argument map and thesis", () => {
  it("draws every live strand and the relations between them, leaving trashed pages out", async () => {
    const { wiki: mapWiki } = await makeWikiWithMembers(owner, [{ user: viewer, role: "viewer" }]);
    const { pageIds, relationCount } = await makeArgumentGraph(mapWiki.id, owner.id, { strands: 12, relations: 20, seed: 3 });
    const before = await api(viewer.token, "GET", `/wikis/${mapWiki.id}/map`);
    expect(before.status).toBe(200);
    // The fixture wiki's own first page is a strand too (no fields set: an empty draft).
    expect(before.json.nodes).toHaveLength(13);
    expect(before.json.edges).toHaveLength(relationCount);
    expect(before.json.nodes.find((n: { id: string }) => n.id === pageIds[0])).toMatchObject({
      title: expect.stringMatching(/^Strand 1:/),
      claim: expect.stringContaining("(1)"),
      url: expect.stringMatching(/^\/w\//),
    });
    expect(before.json.nodes.filter((n: { claim: string; stance: string | null; status: string }) => !n.claim)).toEqual([
      expect.objectContaining({ stance: null, status: "draft" }),
    ]);

    const trashed = pageIds[1];
    const touching = before.json.edges.filter((e: { from: string; to: string }) => e.from === trashed || e.to === trashed);
    expect(touching.length).toBeGreaterThan(0);
    await trashPage(trashed, owner.id);
    const after = await api(viewer.token, "GET", `/wikis/${mapWiki.id}/map`);
    expect(after.json.nodes.map((n: { id: string }) => n.id)).not.toContain(trashed);
    expect(after.json.edges).toHaveLength(relationCount - touching.length);
    for (const e of after.json.edges) expect([e.from, e.to]).not.toContain(trashed);
    // Its relations are hidden from the other pages' lists too, and come back with the page.
    const neighbour = touching[0].from === trashed ? touching[0].to : touching[0].from;
    const listed = await api(viewer.token, "GET", `/pages/${neighbour}/relations`);
    for (const r of [...listed.json.outgoing, ...listed.json.incoming]) expect(r.other.pageId).not.toBe(trashed);
    expect((await api(outsider.token, "GET", `/wikis/${mapWiki.id}/map`)).status).toBe(404);
  });

  it("shows the thesis, which only owners may change", async () => {
    const refused = await api(editor.token, "PUT", `/wikis/${wiki.id}/thesis`, { thesis: "Editors decide." });
    expect(refused.status).toBe(403);
    expect((await api(owner.token, "PUT", `/wikis/${wiki.id}/thesis`, { thesis: "x".repeat(1001) })).status).toBe(400);
    const set = await api(owner.token, "PUT", `/wikis/${wiki.id}/thesis`, { thesis: " Binding cyber due diligence is lex ferenda. " });
    expect(set).toEqual({ status: 200, json: { wikiId: wiki.id, thesis: "Binding cyber due diligence is lex ferenda." } });
    expect((await api(viewer.token, "GET", `/wikis/${wiki.id}/map`)).json.thesis).toBe("Binding cyber due diligence is lex ferenda.");
    expect((await auditActions()).find((e) => e.action === "wiki.thesis-changed")).toMatchObject({
      actor: { id: owner.id },
      details: { thesis: "Binding cyber due diligence is lex ferenda." },
    });
  });
});
