import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { findCompactedPageContent } from "@/db/queries/page-content";
import { createPage } from "@/lib/commands/pages";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { appendParagraph, connectClient, isAcknowledged, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi } from "../helpers/server";
import { sessionCookie } from "../helpers/session-cookie";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * Page views reuse what is the same for every member (rendered document, footnotes, source book,
 * page tree: lib/pages/render-cache.ts). Each change a reader must see is made here the way the
 * app makes it (collab server, REST), and the very next view over real HTTP with a session
 * cookie must show it. Every page is viewed once before the change, so a cache that ignored the
 * change would serve the old render.
 */
const server = withServer({ env: { COMPACT_IDLE_MS: "50", VERSION_IDLE_MS: "60000" } });
const clients: TestClient[] = [];
let owner: Awaited<ReturnType<typeof makeUser>>;
let editor: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  [owner, editor] = await Promise.all([makeUser("Fern Fresh"), makeUser("Eli Editor")]);
});

afterAll(() => {
  for (const c of clients) c.destroy();
});

const api = (token: string, method: string, path: string, body?: unknown) => callApi(server, token, method, path, body);

async function view(user: { id: string; name: string; email: string }, path: string): Promise<string> {
  const response = await fetch(`${server.url}${path}`, { headers: { cookie: await sessionCookie(user) } });
  expect(response.status).toBe(200);
  return response.text();
}

async function connected(token: string, pageId: string) {
  const client = connectClient(server.url, pageId, { token });
  clients.push(client);
  await waitFor(() => expect(client.provider.isSynced).toBe(true));
  return client;
}

/** The text a wiki link to `pageId` shows in the server HTML of the document. */
function linkText(html: string, pageId: string): string | undefined {
  return new RegExp(`<a [^>]*data-wiki-link="${pageId}"[^>]*>([^<]*)</a>`).exec(html)?.[1];
}

/** The indentation of the page tree's entry for `slug` (0.5rem at the top level, 0.9rem more per level). */
function treeIndent(html: string, wikiSlug: string, slug: string): string | undefined {
  const entry = new RegExp(`<a [^>]*href="/w/${wikiSlug}/${slug}"[^>]*>`).exec(html)?.[0];
  return entry && /style="padding-left:([^"]+)"/.exec(entry)?.[1];
}

const paragraph = (...content: object[]) => ({ type: "paragraph", content });
const text = (value: string) => ({ type: "text", text: value });

/** A wiki with a page "Argument" linking to "Tallinn Manual" and citing a source, both pages viewed once. */
async function setup() {
  const { wiki, page: home } = await makeWikiWithMembers(owner, [{ user: editor, role: "editor" }]);
  const source = (
    await api(owner.token, "POST", `/wikis/${wiki.id}/sources`, {
      kind: "scholarship",
      title: "Sovereignty in Cyberspace",
      fields: { author: "Ada Author", year: "2017" },
    })
  ).json.source as { id: string };
  const target = await createPage({ wikiId: wiki.id, title: "Tallinn Manual" }, owner.id);
  const argument = await createPage(
    {
      wikiId: wiki.id,
      title: "Argument",
      json: {
        type: "doc",
        content: [
          paragraph(text("See "), { type: "wikiLink", attrs: { pageId: target.id, title: target.title } }, text(" for the rules.")),
          paragraph(text("Sovereignty is a rule."), { type: "citation", attrs: { sourceId: source.id, pinpoint: "12" } }),
        ],
      },
    },
    owner.id,
  );
  const path = `/w/${wiki.slug}/${argument.slug}`;
  const first = await view(owner, path);
  expect(linkText(first, target.id)).toBe("Tallinn Manual");
  expect(first).toContain("Sovereignty in Cyberspace");
  return { wiki, home, target, argument, source, path };
}

describe("a page view after a change", () => {
  it("shows an edit made through the collab server, before and after compaction", async () => {
    const { argument, path } = await setup();
    const writer = await connected(editor.token, argument.id);
    appendParagraph(writer.doc, "Countermeasures need a prior wrong.");
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
    // Stored in the update log, not yet compacted: the next view already has it.
    expect(await view(owner, path)).toContain("Countermeasures need a prior wrong.");

    await waitFor(async () => expect((await findCompactedPageContent(argument.id))?.text).toContain("Countermeasures need a prior wrong."));
    expect(await view(owner, path)).toContain("Countermeasures need a prior wrong.");

    // A second edit after the compaction (a new version again).
    appendParagraph(writer.doc, "Attribution is a question of evidence.");
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
    await waitFor(async () =>
      expect((await findCompactedPageContent(argument.id))?.text).toContain("Attribution is a question of evidence."),
    );
    const html = await view(owner, path);
    expect(html).toContain("Countermeasures need a prior wrong.");
    expect(html).toContain("Attribution is a question of evidence.");
  });

  it("shows a renamed page's new title in the links to it and in the tree", async () => {
    const { wiki, target, path } = await setup();
    const renamed = await api(editor.token, "PATCH", `/pages/${target.id}`, { title: "Oslo Manual" });
    expect(renamed.status).toBe(200);
    const html = await view(owner, path);
    expect(linkText(html, target.id)).toBe("Oslo Manual");
    expect(treeIndent(html, wiki.slug, renamed.json.slug)).toBe("0.5rem");
    expect(html).not.toMatch(new RegExp(`href="/w/${wiki.slug}/${target.slug}"`));
  });

  it("shows a page moved in the tree under its new parent", async () => {
    const { wiki, home, target, path } = await setup();
    expect(treeIndent(await view(owner, path), wiki.slug, target.slug)).toBe("0.5rem");
    expect((await api(editor.token, "PATCH", `/pages/${target.id}`, { parentId: home.id })).status).toBe(200);
    expect(treeIndent(await view(owner, path), wiki.slug, target.slug)).toBe("1.4rem");
  });

  it("takes editor controls away from a member demoted to viewer", async () => {
    const { wiki, path } = await setup();
    const before = await view(editor, path);
    expect(before).toContain(">Rename</button>");
    expect(before).toMatch(/data-testid="my-role"[^>]*>editor</);
    expect((await api(owner.token, "PUT", `/wikis/${wiki.id}/members/${editor.id}`, { role: "viewer" })).status).toBe(200);
    const after = await view(editor, path);
    expect(after).not.toContain(">Rename</button>");
    expect(after).toMatch(/data-testid="my-role"[^>]*>viewer</);
  });

  it("words footnotes with a source's new title", async () => {
    const { source, path } = await setup();
    const reworded = await api(editor.token, "PATCH", `/sources/${source.id}`, { title: "Sovereignty and Cyber Operations" });
    expect(reworded.status).toBe(200);
    const html = await view(owner, path);
    expect(html).toContain("Sovereignty and Cyber Operations");
    expect(html).not.toContain("Sovereignty in Cyberspace");
  });

  it("lists a new backlink once the linking page is stored", async () => {
    const { wiki, argument, path } = await setup();
    const other = await createPage({ wikiId: wiki.id, title: "Due Diligence" }, owner.id);
    const backlinks = async () => /data-testid="backlinks"[\s\S]*?<\/section>/.exec(await view(owner, path))?.[0];
    expect(await backlinks()).not.toContain("Due Diligence");
    const writer = await connected(editor.token, other.id);
    const linking = new Y.XmlElement("paragraph");
    const link = new Y.XmlElement("wikiLink");
    link.setAttribute("pageId", argument.id);
    link.setAttribute("title", argument.title);
    linking.insert(0, [new Y.XmlText("As the "), link, new Y.XmlText(" shows.")]);
    writer.doc.getXmlFragment(DOCUMENT_FRAGMENT).insert(0, [linking]);
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
    // Links are derived when the page is compacted: wait until the API lists the backlink.
    await waitFor(async () =>
      expect(
        (await api(owner.token, "GET", `/pages/${argument.id}/backlinks`)).json.backlinks.map((b: { pageId: string }) => b.pageId),
      ).toContain(other.id),
    );
    expect(await backlinks()).toContain("Due Diligence");
  });
});
