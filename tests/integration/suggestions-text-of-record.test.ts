import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import * as Y from "yjs";
import type { Page, Wiki } from "@/db/schema";
import { createPage } from "@/lib/commands/pages";
import { connectClient, isAcknowledged, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { blockText, markKey, openRawSession, sendEdit, suggestionAttrs } from "../helpers/raw-collab";
import { callApi } from "../helpers/server";
import { sessionCookie } from "../helpers/session-cookie";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * What reads the text of record (issue 19, point 5): with a reviewer's suggestions pending, search,
 * backlinks, "cited in", footnotes, versions, diffs and the HTML, Markdown and PDF exports read the
 * page without them (a pending insertion absent, a pending deletion present), while the page can
 * be read as if every suggestion were accepted. Once accepted, the same readers follow.
 *
 * The reviewer proposes replacing "quodlibet" with "zeugmatic" and a new paragraph "Borborygmus
 * per [[Target strand]]" with a citation; the editor meanwhile makes one plain edit ("Verbatim").
 */

const server = withServer({
  prefix: "opinio-suggestions-record-",
  env: { COMPACT_IDLE_MS: "100", VERSION_IDLE_MS: "600000", VERSION_MAX_INTERVAL_MS: "600000" },
});

type TestUser = Awaited<ReturnType<typeof makeUser>>;
let owner: TestUser;
let editor: TestUser;
let reviewer: TestUser;
let viewer: TestUser;
let wiki: Wiki;
let page: Page;
let target: Page;
let sourceId: string;
let pagePath: string;
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-record-"));

const api = (user: TestUser, method: string, url: string, body?: unknown) => callApi(server, user.token, method, url, body);

async function searchTitles(q: string): Promise<string[]> {
  const reply = await api(viewer, "GET", `/search?q=${encodeURIComponent(q)}&kind=pages`);
  return (reply.json.results as { pageTitle: string }[]).map((r) => r.pageTitle);
}

async function exported(format: "html" | "md" | "pdf"): Promise<string> {
  const response = await fetch(`${server.url}/api/v1/pages/${page.id}/export?format=${format}`, {
    headers: { authorization: `Bearer ${viewer.token}` },
  });
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (format !== "pdf") return bytes.toString("utf8");
  const file = path.join(scratch, `page-${format}-${Date.now()}.pdf`);
  fs.writeFileSync(file, bytes);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
}

/** The page's screen (or one under it: `/history/2`, `?view=accepted`) as the viewer's browser gets it. */
async function screen(suffix = ""): Promise<string> {
  const response = await fetch(`${server.url}${pagePath}${suffix}`, { headers: { cookie: await sessionCookie(viewer) } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The server-rendered article marked `data-testid=<id>`, from its opening tag to its end. */
function articleHtml(html: string, id: string): string {
  const start = html.indexOf(`data-testid="${id}"`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</article>", start));
}

beforeAll(async () => {
  owner = await makeUser("Orla Owner");
  editor = await makeUser("Emil Editor");
  reviewer = await makeUser("Rita Reviewer");
  viewer = await makeUser("Vito Viewer");
  ({ wiki, page } = await makeWikiWithMembers(
    owner,
    [
      { user: editor, role: "editor" },
      { user: reviewer, role: "reviewer" },
      { user: viewer, role: "viewer" },
    ],
    "The obligation is quodlibet.\n\nSecond paragraph.",
  ));
  target = await createPage({ wikiId: wiki.id, title: "Target strand" }, owner.id);
  pagePath = `/w/${wiki.slug}/${page.slug}`;
  const source = await api(editor, "POST", `/wikis/${wiki.id}/sources`, {
    kind: "un_document",
    title: "Report of the Group of Governmental Experts",
    shortTitle: "2015 GGE Report",
    fields: { body: "UNGA", symbol: "A/70/174", date: "22 July 2015" },
  });
  sourceId = source.json.source.id;

  const watcher = connectClient(server.url, page.id, { token: editor.token });
  clients.push(watcher);
  await waitFor(() => expect(watcher.provider.isSynced).toBe(true));

  // The reviewer's suggestions, over its own guarded connection, as the Suggesting editor writes them.
  const session = await openRawSession(server.url, reviewer.token, page.id, sockets);
  const mark = (id: string) => suggestionAttrs(id, reviewer.id);
  sendEdit(session, (body) => blockText(body, 0).format(18, 9, { [markKey("suggestionDelete", "r1")]: mark("s1") }));
  sendEdit(session, (body) => blockText(body, 0).insert(27, "zeugmatic", { [markKey("suggestionInsert", "r2")]: mark("s1") }));
  sendEdit(session, (body) => {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.setAttribute("suggestion", { kind: "insert", ...mark("s2") } as never);
    const words = new Y.XmlText();
    const link = new Y.XmlElement("wikiLink");
    link.setAttribute("pageId", target.id);
    link.setAttribute("title", target.title);
    const citation = new Y.XmlElement("citation");
    citation.setAttribute("sourceId", sourceId);
    citation.setAttribute("pinpoint", "para 13");
    paragraph.insert(0, [words, link, citation]);
    body.insert(2, [paragraph]);
    words.insert(0, "Borborygmus per ", { [markKey("suggestionInsert", "r3")]: mark("s2") });
  });
  await waitFor(async () => {
    const listed = await api(editor, "GET", `/pages/${page.id}/suggestions`);
    expect((listed.json.suggestions as { text: string }[]).map((s) => s.text)).toEqual([
      "Replace 'quodlibet' with 'zeugmatic'",
      "Insert paragraph 'Borborygmus per'",
    ]);
  });
  await waitFor(() => expect(watcher.doc.getXmlFragment("default").length).toBe(3));
  expect(session.closedByServer()).toBe(false);

  // A plain edit after them: once search finds it, the search index, links and citations were
  // refreshed from a compaction that holds the suggestions too.
  blockText(watcher.doc.getXmlFragment("default"), 1).insert(0, "Verbatim ");
  await waitFor(() => expect(isAcknowledged(watcher)).toBe(true));
  await waitFor(async () => expect(await searchTitles("verbatim")).toEqual([page.title]));
});

afterAll(() => {
  for (const client of clients) client.destroy();
  for (const socket of sockets) socket.terminate();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe("with suggestions pending", () => {
  it("search finds the words a suggestion would delete, not the words it would insert", async () => {
    expect(await searchTitles("quodlibet")).toEqual([page.title]);
    expect(await searchTitles("zeugmatic")).toEqual([]);
    expect(await searchTitles("borborygmus")).toEqual([]);
  });

  it("a link or citation only suggested is no backlink, no 'cited in' and no footnote yet", async () => {
    expect((await api(viewer, "GET", `/pages/${target.id}/backlinks`)).json.backlinks).toEqual([]);
    expect((await api(viewer, "GET", `/sources/${sourceId}`)).json.citedIn).toEqual([]);
    expect((await api(viewer, "GET", `/pages/${page.id}/citations`)).json.footnotes).toEqual([]);
  });

  it("the page's REST text is the text of record; its JSON still carries the suggestions for API clients", async () => {
    const reply = await api(viewer, "GET", `/pages/${page.id}`);
    expect(reply.json.text).toBe("The obligation is quodlibet.\n\nVerbatim Second paragraph.");
    expect(JSON.stringify(reply.json.json)).toContain('"suggestionInsert"');
  });

  it("a version records the text of record: its text, its word counts, its view and the diff", async () => {
    const saved = await api(editor, "POST", `/pages/${page.id}/versions`, { name: "With pending suggestions" });
    expect(saved.status).toBe(201);
    const number = saved.json.number as number;
    const version = await api(viewer, "GET", `/pages/${page.id}/versions/${number}`);
    expect(version.json.text).toBe("The obligation is quodlibet.\n\nVerbatim Second paragraph.");
    expect(JSON.stringify(version.json.json)).not.toMatch(/suggestionInsert|zeugmatic|Borborygmus/);
    // "+1": only the plain word was added to the text of record.
    expect([version.json.wordsAdded, version.json.wordsRemoved, version.json.wordCount]).toEqual([1, 0, 7]);

    const view = articleHtml(await screen(`/history/${number}`), "version-content");
    expect(view).toContain("quodlibet");
    expect(view).not.toMatch(/zeugmatic|Borborygmus|<ins|<del/);

    const diff = await api(viewer, "GET", `/pages/${page.id}/diff?from=1&to=current`);
    expect(diff.json.summary).toMatchObject({ wordsAdded: 1, wordsRemoved: 0 });
    expect(JSON.stringify(diff.json.blocks)).not.toMatch(/zeugmatic|Borborygmus/);
  });

  it("the HTML, Markdown and PDF exports leave the pending insertions out and keep the pending deletion", async () => {
    for (const format of ["html", "md", "pdf"] as const) {
      const text = await exported(format);
      expect(text, format).toContain("quodlibet");
      expect(text, format).toContain("Verbatim");
      expect(text, format).not.toMatch(/zeugmatic|Borborygmus|Target strand|A\/70\/174/);
    }
  });

  it("the page reads as if all suggestions were accepted, and without them, each labelled and leading back", async () => {
    const live = await screen();
    expect(live).toMatch(/<del[^>]*>quodlibet<\/del><ins[^>]*>zeugmatic<\/ins>/);

    const accepted = await screen("?view=accepted");
    expect(accepted).toContain("as if all its suggestions were accepted");
    expect(accepted).toContain("2 pending suggestions");
    expect(accepted).toContain(`href="${pagePath}"`);
    const acceptedText = articleHtml(accepted, "suggestion-view-content");
    expect(acceptedText).toContain("The obligation is zeugmatic.");
    expect(acceptedText).toContain("Borborygmus per");
    expect(acceptedText).toContain("Target strand");
    expect(acceptedText).not.toMatch(/quodlibet|<ins|<del/);
    // The accepted reading's footnote: the citation the suggestion adds.
    expect(accepted).toContain("A/70/174");

    const without = await screen("?view=without-suggestions");
    expect(without).toContain("without its suggestions");
    const withoutText = articleHtml(without, "suggestion-view-content");
    expect(withoutText).toContain("The obligation is quodlibet.");
    expect(withoutText).not.toMatch(/zeugmatic|Borborygmus|<ins|<del/);
  });
});

describe("once the suggestions are accepted", () => {
  it("search, backlinks, 'cited in', footnotes and exports read the accepted words", async () => {
    const decided = await api(editor, "POST", `/pages/${page.id}/suggestions/accept-all`, {});
    expect(decided.status).toBe(200);
    await waitFor(async () => expect(await searchTitles("zeugmatic")).toEqual([page.title]));
    expect(await searchTitles("quodlibet")).toEqual([]);
    expect(await searchTitles("borborygmus")).toEqual([page.title]);
    expect((await api(viewer, "GET", `/pages/${target.id}/backlinks`)).json.backlinks).toHaveLength(1);
    expect((await api(viewer, "GET", `/sources/${sourceId}`)).json.citedIn).toHaveLength(1);
    expect((await api(viewer, "GET", `/pages/${page.id}/citations`)).json.footnotes).toHaveLength(1);
    const markdown = await exported("md");
    expect(markdown).toContain("The obligation is zeugmatic.");
    expect(markdown).toContain("Borborygmus per");
  });
});
