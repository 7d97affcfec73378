import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { listPages } from "@/db/queries/pages";
import { listRevisions } from "@/db/queries/revisions";
import { createPage } from "@/lib/commands/pages";
import { renderDocumentHTML } from "@/lib/editor/render-html";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { createPageDirectory } from "@/lib/links/directory";
import { readPageContent } from "@/lib/pages/content";
import { connectClient, isAcknowledged, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi } from "../helpers/server";
import { sessionCookie } from "../helpers/session-cookie";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

const server = withServer({ env: { COMPACT_IDLE_MS: "50", VERSION_IDLE_MS: "60000" } });
const clients: TestClient[] = [];
let owner: Awaited<ReturnType<typeof makeUser>>;
let editor: Awaited<ReturnType<typeof makeUser>>;
let viewer: Awaited<ReturnType<typeof makeUser>>;
let outsider: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  [owner, editor, viewer, outsider] = await Promise.all([
    makeUser("Lina Links"),
    makeUser("Ed Linker"),
    makeUser("Vic Viewer"),
    makeUser("Oona Outsider"),
  ]);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
});

/** Retries until `check` gives a truthy value (collab effects arrive asynchronously). */
async function until<T>(check: () => T | Promise<T>): Promise<NonNullable<T>> {
  return waitFor(async () => {
    const value = await check();
    if (!value) throw new Error("not yet");
    return value as NonNullable<T>;
  });
}

const api = (token: string, method: string, path: string, body?: unknown) => callApi(server, token, method, path, body);

async function fetchHtml(user: { id: string; name: string; email: string }, path: string) {
  const response = await fetch(`${server.url}${path}`, { headers: { cookie: await sessionCookie(user) } });
  return { status: response.status, html: await response.text() };
}

async function connected(token: string, pageId: string) {
  const client = connectClient(server.url, pageId, { token });
  clients.push(client);
  await until(() => client.provider.isSynced);
  return client;
}

/** Appends `before [[target]] after` as a paragraph, the way the editor's picker inserts a link. */
function appendLinkParagraph(
  doc: Y.Doc,
  before: string,
  target: { pageId: string | null; title: string },
  after: string,
  blockId = "blk" + Math.random().toString(36).slice(2, 10),
) {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.setAttribute("id", blockId);
  const link = new Y.XmlElement("wikiLink");
  if (target.pageId) link.setAttribute("pageId", target.pageId);
  link.setAttribute("title", target.title);
  paragraph.insert(0, [new Y.XmlText(before), link, new Y.XmlText(after)]);
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  fragment.insert(fragment.length, [paragraph]);
  return blockId;
}

type Node = { type?: string; attrs?: Record<string, unknown>; content?: Node[] };
function findNodes(node: Node, type: string): Node[] {
  return [...(node.type === type ? [node] : []), ...(node.content ?? []).flatMap((child) => findNodes(child, type))];
}

async function setup() {
  const { wiki, page: source } = await makeWikiWithMembers(owner, [
    { user: editor, role: "editor" },
    { user: viewer, role: "viewer" },
  ]);
  const target = await createPage({ wikiId: wiki.id, title: "The UN consensus" }, owner.id);
  return { wiki, source, target };
}

describe("wiki links and backlinks", () => {
  it("a link inserted by one client round-trips and appears as a backlink with its sentence; removing it by another client removes the backlink", async () => {
    const { source, target } = await setup();
    const writer = await connected(editor.token, source.id);
    const blockId = appendLinkParagraph(
      writer.doc,
      "First sentence. The GGE report in ",
      { pageId: target.id, title: target.title },
      " is not binding. Another sentence.",
    );
    await until(() => isAcknowledged(writer));

    const backlinks = await until(async () => {
      const reply = await api(viewer.token, "GET", `/pages/${target.id}/backlinks`);
      return reply.json.backlinks?.length ? reply : null;
    });
    expect(backlinks.status).toBe(200);
    expect(backlinks.json.backlinks).toEqual([
      {
        pageId: source.id,
        title: source.title,
        url: expect.stringMatching(new RegExp(`#block-${blockId}$`)),
        blockId,
        context: "The GGE report in The UN consensus is not binding.",
      },
    ]);

    // Round trip: the stored document holds the link node with the target's id.
    const page = await api(editor.token, "GET", `/pages/${source.id}`);
    expect(findNodes(page.json.json, "wikiLink")).toEqual([{ type: "wikiLink", attrs: { pageId: target.id, title: "The UN consensus" } }]);

    // Another person's client removes the paragraph: the backlink goes.
    const other = await connected(owner.token, source.id);
    const fragment = other.doc.getXmlFragment(DOCUMENT_FRAGMENT);
    const index = fragment.toArray().findIndex((node) => node instanceof Y.XmlElement && node.getAttribute("id") === blockId);
    fragment.delete(index, 1);
    await until(() => isAcknowledged(other));
    await until(async () => ((await api(viewer.token, "GET", `/pages/${target.id}/backlinks`)).json.backlinks.length === 0 ? true : null));
  });

  it("renaming the target changes how every link reads, without rewriting the linking page", async () => {
    const { wiki, source, target } = await setup();
    const writer = await connected(editor.token, source.id);
    appendLinkParagraph(writer.doc, "See ", { pageId: target.id, title: target.title }, ".");
    await until(() => isAcknowledged(writer));
    await until(async () => ((await api(editor.token, "GET", `/pages/${target.id}/backlinks`)).json.backlinks.length === 1 ? true : null));
    const revisionsBefore = (await listRevisions(source.id)).length;

    const renamed = await api(editor.token, "PATCH", `/pages/${target.id}`, { title: "The UN consensus: a voluntary norm" });
    expect(renamed.status).toBe(200);

    const { html } = await fetchHtml(viewer, `/w/${wiki.slug}/${source.slug}`);
    expect(html).toMatch(/<a [^>]*class="wiki-link"[^>]*>The UN consensus: a voluntary norm<\/a>/);
    expect(html).toContain(`href="/w/${wiki.slug}/${renamed.json.slug}"`);
    // The linking page's own content and history are untouched: the node still says what was typed.
    expect(findNodes((await readPageContent(source.id)).json, "wikiLink")[0].attrs).toEqual({
      pageId: target.id,
      title: "The UN consensus",
    });
    expect((await listRevisions(source.id)).length).toBe(revisionsBefore);
    // And the backlink survives the rename (links point at ids).
    expect((await api(editor.token, "GET", `/pages/${target.id}/backlinks`)).json.backlinks).toHaveLength(1);
  });

  it("a link to a page that does not exist reads as missing, offers to create it, and works once the page exists", async () => {
    const { wiki, source } = await setup();
    const writer = await connected(editor.token, source.id);
    appendLinkParagraph(writer.doc, "To be written: ", { pageId: null, title: "Attribution standards" }, ".");
    await until(() => isAcknowledged(writer));
    await until(async () => (JSON.stringify((await readPageContent(source.id)).json).includes("Attribution standards") ? true : null));

    const before = await fetchHtml(editor, `/w/${wiki.slug}/${source.slug}`);
    expect(before.html).toMatch(/<a [^>]*href="\/w\/[^"]+\/new\?title=Attribution%20standards"[^>]*class="wiki-link wiki-link-missing"/);

    const created = await api(editor.token, "POST", `/wikis/${wiki.id}/pages`, { title: "Attribution standards" });
    expect(created.status).toBe(201);
    const after = await fetchHtml(editor, `/w/${wiki.slug}/${source.slug}`);
    expect(after.html).toMatch(new RegExp(`<a [^>]*href="/w/${wiki.slug}/${created.json.slug}"[^>]*class="wiki-link"`));
    const backlinks = await api(editor.token, "GET", `/pages/${created.json.id}/backlinks`);
    expect(backlinks.json.backlinks.map((b: { pageId: string }) => b.pageId)).toEqual([source.id]);
  });

  it("the server renderer shows current titles from the directory it is given", async () => {
    const { wiki, source, target } = await setup();
    const json = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "wikiLink", attrs: { pageId: target.id, title: "Old" } }] }],
    };
    const html = renderDocumentHTML(json, createPageDirectory(wiki.slug, await listPages(wiki.id)));
    expect(html).toContain(`>${target.title}</a>`);
    expect(source.id).toBeTruthy();
  });

  it("backlinks follow the same authorization as the page and leave out trashed pages", async () => {
    const { source, target } = await setup();
    const writer = await connected(editor.token, source.id);
    appendLinkParagraph(writer.doc, "Linked ", { pageId: target.id, title: target.title }, ".");
    await until(() => isAcknowledged(writer));
    await until(async () => ((await api(viewer.token, "GET", `/pages/${target.id}/backlinks`)).json.backlinks.length === 1 ? true : null));
    expect((await api(outsider.token, "GET", `/pages/${target.id}/backlinks`)).status).toBe(404);
    expect((await api(editor.token, "DELETE", `/pages/${source.id}`)).status).toBe(204);
    expect((await api(viewer.token, "GET", `/pages/${target.id}/backlinks`)).json.backlinks).toEqual([]);
  });
});

describe("citations and permalinks", () => {
  it("cites the current text as a fixed version, with the paragraph number, and the permalink shows that version", async () => {
    const { wiki, source } = await setup();
    const writer = await connected(editor.token, source.id);
    const blockId = appendLinkParagraph(
      writer.doc,
      "The cited passage about ",
      { pageId: null, title: "Corfu Channel" },
      " and diligence.",
    );
    await until(() => isAcknowledged(writer));
    const versionsBefore = (await listRevisions(source.id)).length;

    const cited = await api(editor.token, "POST", `/pages/${source.id}/citation`, { blockId });
    expect(cited.status).toBe(200);
    expect(cited.json.version).toBe(versionsBefore + 1);
    expect(cited.json.paragraph).toBe(2);
    expect(cited.json.permalink).toBe(`/w/${wiki.slug}/${source.slug}/history/${cited.json.version}#block-${blockId}`);
    const date = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
      new Date(cited.json.createdAt),
    );
    expect(cited.json.citation).toBe(`Opinio wiki *${wiki.name}*, '${source.title}' (version ${cited.json.version}, ${date}), para 2`);

    // Later edits do not change what the permalink shows.
    const fragment = writer.doc.getXmlFragment(DOCUMENT_FRAGMENT);
    fragment.delete(fragment.length - 1, 1);
    await until(() => isAcknowledged(writer));
    const { status, html } = await fetchHtml(viewer, cited.json.permalink.split("#")[0]);
    expect(status).toBe(200);
    expect(html).toContain("The cited passage about");
    expect(html).toContain(`data-id="${blockId}"`);
    expect(html).toMatch(/version-banner[\s\S]*Go to the current page/);

    // Nothing changed since: citing again points at the same version; a viewer may cite but never records one.
    expect((await api(viewer.token, "POST", `/pages/${source.id}/citation`, {})).json.version).toBeGreaterThanOrEqual(cited.json.version);
    const viewerCount = (await listRevisions(source.id)).length;
    await api(viewer.token, "POST", `/pages/${source.id}/citation`, {});
    expect((await listRevisions(source.id)).length).toBe(viewerCount);
  });

  it("refuses bad input and outsiders", async () => {
    const { source } = await setup();
    expect((await api(editor.token, "POST", `/pages/${source.id}/citation`, { blockId: "<script>" })).status).toBe(400);
    expect((await api(outsider.token, "POST", `/pages/${source.id}/citation`, {})).status).toBe(404);
    expect((await api(editor.token, "POST", `/pages/nope/citation`, {})).status).toBe(404);
  });
});
