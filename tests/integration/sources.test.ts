import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { listSources } from "@/db/queries/sources";
import { findWikiById } from "@/db/queries/wikis";
import { listAuditEvents } from "@/db/queries/audit";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { connectClient, isAcknowledged, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi } from "../helpers/server";
import { withServer } from "../helpers/with-server";
import { waitFor } from "../helpers/wait";

/**
 * The sources registry and citations in the text: REST with roles, duplicate flagging, merging,
 * footnotes numbered in document order through the real collab server (two clients inserting
 * concurrently), and "cited in" from the compacted pages.
 */
const server = withServer({ env: { COMPACT_IDLE_MS: "50" } });
const clients: TestClient[] = [];
let owner: Awaited<ReturnType<typeof makeUser>>;
let editor: Awaited<ReturnType<typeof makeUser>>;
let viewer: Awaited<ReturnType<typeof makeUser>>;
let outsider: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  [owner, editor, viewer, outsider] = await Promise.all([
    makeUser("Sora Sources"),
    makeUser("Eddie Editor"),
    makeUser("Vera Viewer"),
    makeUser("Otto Outsider"),
  ]);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
});

const api = (token: string, method: string, path: string, body?: unknown) => callApi(server, token, method, path, body);

async function setup() {
  const { wiki, page } = await makeWikiWithMembers(owner, [
    { user: editor, role: "editor" },
    { user: viewer, role: "viewer" },
  ]);
  return { wiki, page };
}

const GGE = {
  kind: "un_document",
  title: "Report of the Group of Governmental Experts",
  shortTitle: "2015 GGE Report",
  fields: { body: "UNGA", symbol: "A/70/174", date: "22 July 2015" },
};
const CORFU = {
  kind: "judgment",
  title: "Corfu Channel (United Kingdom v Albania) (Merits)",
  shortTitle: "Corfu Channel",
  fields: { court: "ICJ", year: "1949", report: "[1949] ICJ Rep 4" },
};

/** A paragraph with text and a citation after it, inserted at `index` of the page body (as the editor's Cite does). */
function insertCitedParagraph(doc: Y.Doc, index: number, text: string, sourceId: string, pinpoint: string) {
  const paragraph = new Y.XmlElement("paragraph");
  const citation = new Y.XmlElement("citation");
  citation.setAttribute("sourceId", sourceId);
  citation.setAttribute("pinpoint", pinpoint);
  paragraph.insert(0, [new Y.XmlText(text), citation]);
  doc.getXmlFragment(DOCUMENT_FRAGMENT).insert(index, [paragraph]);
}

async function connected(token: string, pageId: string) {
  const client = connectClient(server.url, pageId, { token });
  clients.push(client);
  await waitFor(() => expect(client.provider.isSynced).toBe(true));
  return client;
}

describe("sources registry", () => {
  it("lets members read and editors add sources; viewers and outsiders are refused, and bad input changes nothing", async () => {
    const { wiki } = await setup();
    const created = await api(editor.token, "POST", `/wikis/${wiki.id}/sources`, GGE);
    expect(created.status).toBe(201);
    expect(created.json.source.citation).toBe("UNGA 'Report of the Group of Governmental Experts' (22 July 2015) UN Doc A/70/174");
    expect(created.json.duplicates).toEqual([]);

    expect((await api(viewer.token, "POST", `/wikis/${wiki.id}/sources`, CORFU)).status).toBe(403);
    expect((await api(outsider.token, "GET", `/wikis/${wiki.id}/sources`)).status).toBe(404);
    const listed = await api(viewer.token, "GET", `/wikis/${wiki.id}/sources?kind=un_document`);
    expect(listed.json.sources.map((s: { title: string }) => s.title)).toEqual([GGE.title]);
    expect((await api(viewer.token, "GET", `/wikis/${wiki.id}/sources?q=A%2F70`)).json.sources).toHaveLength(1);

    const before = (await listSources(wiki.id)).length;
    const unknownField = await api(editor.token, "POST", `/wikis/${wiki.id}/sources`, {
      ...CORFU,
      fields: { ...CORFU.fields, symbol: "x" },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.error.message).toContain('has no field "symbol"');
    expect((await api(editor.token, "POST", `/wikis/${wiki.id}/sources`, { ...CORFU, title: "  " })).status).toBe(400);
    expect((await api(editor.token, "POST", `/wikis/${wiki.id}/sources`, { ...CORFU, url: "javascript:alert(1)" })).status).toBe(400);
    expect((await api(editor.token, "POST", `/wikis/${wiki.id}/sources`, { ...CORFU, kind: "statute" })).status).toBe(400);
    expect((await api(viewer.token, "GET", `/wikis/${wiki.id}/sources?kind=statute`)).status).toBe(400);
    expect(await listSources(wiki.id)).toHaveLength(before);
    expect((await listAuditEvents(wiki.id, {}, 50)).some((e) => e.action === "source.created")).toBe(true);
  });

  it("flags a duplicate on entry (same UN symbol written differently) and merges it; citations of either read as the survivor", async () => {
    const { wiki, page } = await setup();
    const first = (await api(editor.token, "POST", `/wikis/${wiki.id}/sources`, GGE)).json.source;
    const second = await api(editor.token, "POST", `/wikis/${wiki.id}/sources`, {
      ...GGE,
      title: "GGE report 2015",
      fields: { ...GGE.fields, symbol: " a/70/174 " },
    });
    expect(second.status).toBe(201);
    expect(second.json.duplicates.map((d: { id: string }) => d.id)).toEqual([first.id]);

    const writer = await connected(editor.token, page.id);
    insertCitedParagraph(writer.doc, 1, "Cited through the duplicate.", second.json.source.id, "para 13");
    insertCitedParagraph(writer.doc, 2, "Cited through the original.", first.id, "para 28");
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));

    expect((await api(viewer.token, "POST", `/sources/${second.json.source.id}/merge`, { into: first.id })).status).toBe(403);
    expect((await api(editor.token, "POST", `/sources/${first.id}/merge`, { into: first.id })).status).toBe(400);
    const merged = await api(editor.token, "POST", `/sources/${second.json.source.id}/merge`, { into: first.id });
    expect(merged.status).toBe(200);
    expect((await api(viewer.token, "GET", `/sources/${second.json.source.id}`)).status).toBe(404);
    expect((await api(viewer.token, "GET", `/wikis/${wiki.id}/sources`)).json.sources.map((s: { id: string }) => s.id)).toEqual([first.id]);

    // Footnote 1 cites the merged duplicate: it reads as the survivor, so footnote 2 is "ibid".
    const notes = await waitFor(async () => {
      const reply = await api(viewer.token, "GET", `/pages/${page.id}/citations`);
      expect(reply.json.footnotes).toHaveLength(2);
      return reply.json.footnotes as { text: string }[];
    });
    expect(notes.map((n) => n.text)).toEqual([
      "UNGA 'Report of the Group of Governmental Experts' (22 July 2015) UN Doc A/70/174, para 13.",
      "ibid para 28.",
    ]);

    // "Cited in": both places, the duplicate's included, from the compacted page.
    const detail = await waitFor(async () => {
      const reply = await api(viewer.token, "GET", `/sources/${first.id}`);
      expect(reply.json.citedIn).toHaveLength(2);
      return reply.json;
    });
    expect(detail.citedIn.map((c: { pinpoint: string; context: string }) => [c.pinpoint, c.context])).toEqual([
      ["para 13", "Cited through the duplicate."],
      ["para 28", "Cited through the original."],
    ]);
  });

  it("numbers footnotes in document order after concurrent inserts by two clients, and both see the renumbering", async () => {
    const { wiki, page } = await setup();
    const gge = (await api(editor.token, "POST", `/wikis/${wiki.id}/sources`, GGE)).json.source.id as string;
    const corfu = (await api(editor.token, "POST", `/wikis/${wiki.id}/sources`, CORFU)).json.source.id as string;
    const a = await connected(editor.token, page.id);
    const b = await connected(owner.token, page.id);

    insertCitedParagraph(a.doc, 1, "The prohibition of harm.", corfu, "22");
    await waitFor(() => expect(isAcknowledged(a)).toBe(true));
    // Both at once: A cites the report after its paragraph, B the same report before everything.
    insertCitedParagraph(a.doc, 2, "A later point.", gge, "para 13");
    insertCitedParagraph(b.doc, 0, "An earlier point.", gge, "para 3");
    await waitFor(() => expect(isAcknowledged(a) && isAcknowledged(b)).toBe(true));

    const footnotes = await waitFor(async () => {
      const reply = await api(viewer.token, "GET", `/pages/${page.id}/citations`);
      expect(reply.json.footnotes).toHaveLength(3);
      return reply.json.footnotes as { number: number; text: string; sourceId: string }[];
    });
    expect(footnotes.map((n) => [n.number, n.sourceId])).toEqual([
      [1, gge],
      [2, corfu],
      [3, gge],
    ]);
    expect(footnotes[1].text).toBe("Corfu Channel (United Kingdom v Albania) (Merits) [1949] ICJ Rep 4, 22.");
    expect(footnotes[2].text).toBe("2015 GGE Report (n 1) para 13.");
    // Both replicas hold the same citations in the same order (what the editors number live).
    const order = (doc: Y.Doc) =>
      doc
        .getXmlFragment(DOCUMENT_FRAGMENT)
        .toArray()
        .flatMap((block) =>
          block instanceof Y.XmlElement
            ? block
                .toArray()
                .filter((n) => n instanceof Y.XmlElement)
                .map((n) => (n as Y.XmlElement).getAttribute("sourceId"))
            : [],
        );
    await waitFor(() => expect(order(a.doc)).toEqual([gge, corfu, gge]));
    await waitFor(() => expect(order(b.doc)).toEqual([gge, corfu, gge]));
  });

  it("edits a source in place: PATCH changes the named parts, every footnote reads the new wording", async () => {
    const { wiki, page } = await setup();
    const id = (await api(editor.token, "POST", `/wikis/${wiki.id}/sources`, CORFU)).json.source.id as string;
    const writer = await connected(editor.token, page.id);
    insertCitedParagraph(writer.doc, 1, "Knowledge of the harm.", id, "22");
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
    const patched = await api(editor.token, "PATCH", `/sources/${id}`, {
      fields: { court: "ICJ", year: "1949", report: "[1949] ICJ Reports 4" },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.source.title).toBe(CORFU.title);
    expect((await api(editor.token, "PATCH", `/sources/${id}`, { colour: "red" })).status).toBe(400);
    await waitFor(async () =>
      expect((await api(viewer.token, "GET", `/pages/${page.id}/citations`)).json.footnotes[0]?.text).toBe(
        "Corfu Channel (United Kingdom v Albania) (Merits) [1949] ICJ Reports 4, 22.",
      ),
    );
  });
});

describe("citation style", () => {
  it("lets owners switch the wiki to Bluebook: footnotes, sources and exports follow; others and unknown styles change nothing", async () => {
    const { wiki, page } = await setup();
    const gge = (await api(editor.token, "POST", `/wikis/${wiki.id}/sources`, GGE)).json.source.id as string;
    const corfu = (await api(editor.token, "POST", `/wikis/${wiki.id}/sources`, CORFU)).json.source.id as string;
    const writer = await connected(editor.token, page.id);
    insertCitedParagraph(writer.doc, 1, "Knowledge of the mines.", corfu, "22");
    insertCitedParagraph(writer.doc, 2, "No presumption from control.", corfu, "18");
    insertCitedParagraph(writer.doc, 3, "A voluntary norm.", gge, "para 13(c)");
    insertCitedParagraph(writer.doc, 4, "Back to the Court.", corfu, "22");
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
    const footnotes = async () =>
      (await api(viewer.token, "GET", `/pages/${page.id}/citations`)).json as {
        style: string;
        footnotes: { text: string; runs: { text: string; italic?: boolean }[] }[];
      };
    await waitFor(async () => expect((await footnotes()).footnotes).toHaveLength(4));
    expect((await footnotes()).style).toBe("oscola");
    const audited = async () => (await listAuditEvents(wiki.id, {}, 100)).filter((e) => e.action === "wiki.citation-style-changed");

    // Refused: not an owner, not a member, a style that does not exist, no style at all.
    expect((await api(editor.token, "PUT", `/wikis/${wiki.id}/citation-style`, { style: "bluebook" })).status).toBe(403);
    expect((await api(viewer.token, "PUT", `/wikis/${wiki.id}/citation-style`, { style: "bluebook" })).status).toBe(403);
    expect((await api(outsider.token, "PUT", `/wikis/${wiki.id}/citation-style`, { style: "bluebook" })).status).toBe(404);
    const unknown = await api(owner.token, "PUT", `/wikis/${wiki.id}/citation-style`, { style: "chicago" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toBe('style: There is no citation style "chicago": choose one of oscola, bluebook');
    const missing = await api(owner.token, "PUT", `/wikis/${wiki.id}/citation-style`, {});
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toBe("style: Give a citation style: choose one of oscola, bluebook");
    expect((await api(owner.token, "PUT", `/wikis/${wiki.id}/citation-style`, { style: "BLUEBOOK" })).status).toBe(400);
    expect((await findWikiById(wiki.id))!.citationStyle).toBe("oscola");
    expect(await audited()).toEqual([]);

    const changed = await api(owner.token, "PUT", `/wikis/${wiki.id}/citation-style`, { style: "bluebook" });
    expect(changed.status).toBe(200);
    expect(changed.json).toEqual({ wikiId: wiki.id, style: "bluebook", label: "Bluebook" });

    const notes = await footnotes();
    expect(notes.style).toBe("bluebook");
    expect(notes.footnotes.map((n) => n.text)).toEqual([
      "Corfu Channel (U.K. v. Alb.), Judgment, 1949 I.C.J. 4, 22.",
      "Id. at 18.",
      "Report of the Group of Governmental Experts, ¶ 13(c), U.N. Doc. A/70/174 (July 22, 2015) [hereinafter 2015 GGE Report].",
      "Corfu Channel, 1949 I.C.J. at 22.",
    ]);
    expect(notes.footnotes[1].runs).toEqual([{ text: "Id.", italic: true }, { text: " at 18." }]);
    expect((await api(viewer.token, "GET", "/wikis")).json).toContainEqual(
      expect.objectContaining({ id: wiki.id, citationStyle: "bluebook" }),
    );
    expect((await api(viewer.token, "GET", `/sources/${corfu}`)).json.source.citation).toBe(
      "Corfu Channel (U.K. v. Alb.), Judgment, 1949 I.C.J. 4",
    );
    const exported = await fetch(`${server.url}/api/v1/pages/${page.id}/export?format=md`, {
      headers: { authorization: `Bearer ${viewer.token}` },
    });
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain("[^2]: *Id.* at 18.\n[^3]: Report of the Group of Governmental Experts, ¶ 13(c)");

    // Recorded once, with both styles; choosing the style in use again records nothing.
    expect((await audited()).map((e) => JSON.parse(e.details))).toEqual([{ from: "oscola", to: "bluebook" }]);
    expect((await api(owner.token, "PUT", `/wikis/${wiki.id}/citation-style`, { style: "bluebook" })).status).toBe(200);
    expect(await audited()).toHaveLength(1);
  });
});
