import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createThread, deleteComment } from "@/lib/commands/comments";
import { createPage, renamePage, trashPage, restorePage } from "@/lib/commands/pages";
import { addMember, createWiki, removeMember } from "@/lib/commands/wikis";
import { scopeToken } from "@/db/queries/search";
import { toFtsQuery, toTitleFtsQuery } from "@/lib/search/query";
import { search } from "@/lib/search/search";
import { appendParagraph, connectClient, isAcknowledged, type TestClient } from "../helpers/collab-client";
import { makeUser } from "../helpers/fixtures";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

const server = withServer({ env: { COMPACT_IDLE_MS: "100" } });
let owner: Awaited<ReturnType<typeof makeUser>>;
let reader: Awaited<ReturnType<typeof makeUser>>;
let stranger: Awaited<ReturnType<typeof makeUser>>;
let wikiId: string;
let pageId: string;
let otherWikiId: string;
let secretWikiId: string;
let threadId: string;
const clients: TestClient[] = [];

const TEXT = [
  "## Norm 13(c)",
  "",
  "The 2015 GGE report, UN Doc A/70/174, para 13(c), says States should not knowingly allow their territory to be used for internationally wrongful acts.",
  "",
  "The prohibition of the use of force in Art. 2(4) of the Charter is a different matter.",
].join("\n");

beforeAll(async () => {
  owner = await makeUser("Sam Search");
  reader = await makeUser("Rae Reader");
  stranger = await makeUser("Stan Stranger");
  const wiki = await createWiki({ name: "Search wiki", description: "" }, owner.id);
  wikiId = wiki.id;
  await addMember(wiki.id, reader.email, "viewer", owner.id);
  pageId = (await createPage({ wikiId, title: "Voluntary norms", markdown: TEXT }, owner.id)).id;
  await createPage({ wikiId, title: "Territory and control", markdown: "Nothing about the other thing." }, owner.id);
  threadId = await createThread({ id: pageId, wikiId }, owner.id, {
    body: "Check whether *territory* covers cloud infrastructure.",
    anchor: { kind: "page" },
  });
  // A second wiki the reader belongs to, for the wiki filter.
  const other = await createWiki({ name: "Other wiki", description: "" }, owner.id);
  otherWikiId = other.id;
  await addMember(other.id, reader.email, "viewer", owner.id);
  await createPage(
    { wikiId: other.id, title: "Sovereignty notes", markdown: "Effective control over territory, as in Nicaragua." },
    owner.id,
  );
  const secret = await createWiki({ name: "Secret wiki", description: "" }, stranger.id);
  secretWikiId = secret.id;
  await createPage({ wikiId: secret.id, title: "Confidential territory memo", markdown: "A/70/174 strategy." }, stranger.id);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
});

const titles = async (userId: string, q: string, options = {}) =>
  (await search(userId, q, options)).map((r) => r.titleHtml.replace(/<\/?mark>/g, ""));

describe("search", () => {
  it("quotes every term so legal references are found as written", async () => {
    expect(toFtsQuery("A/70/174")).toBe('"A/70/174"*');
    expect(toFtsQuery('"due diligence" 13(c)')).toBe('"due diligence" "13(c)"');
    expect(toFtsQuery('say "')).toBe('"say"');
    expect(toFtsQuery("*** ()")).toBeNull();
    expect(toFtsQuery('he said "x" OR y')).toBe('"he" "said" "x" "OR" "y"*');
    expect(toTitleFtsQuery('"due diligence" 13(c)')).toBe('title : "due diligence" title : "13(c)"');
  });

  it("finds legal tokens: A/70/174, 13(c), Art. 2(4)", async () => {
    for (const q of ["A/70/174", "13(c)", "Art. 2(4)", '"para 13(c)"']) expect(await titles(reader.id, q), q).toContain("Voluntary norms");
    expect(await titles(reader.id, "Art. 2(5)")).toEqual([]);
  });

  it("supports phrase and prefix search, and marks matches in escaped snippets", async () => {
    expect(await titles(reader.id, '"knowingly allow"')).toEqual(["Voluntary norms"]);
    expect(await titles(reader.id, '"allow knowingly"')).toEqual([]);
    expect(await titles(reader.id, "internation")).toEqual(["Voluntary norms"]);
    const [hit] = await search(reader.id, "knowingly");
    expect(hit.snippetHtml).toContain("<mark>knowingly</mark>");
  });

  it("ranks title hits first, and finds comments", async () => {
    const results = await search(reader.id, "territory");
    expect(results[0]).toMatchObject({ kind: "page", titleMatch: true });
    expect(results.map((r) => r.kind)).toContain("comment");
    expect((await search(reader.id, "territory", { kind: "comment" })).every((r) => r.kind === "comment")).toBe(true);
  });

  it("never shows pages or comments of wikis the user has no role in", async () => {
    expect(await titles(reader.id, "Confidential")).toEqual([]);
    expect(await titles(stranger.id, "Voluntary")).toEqual([]);
    expect(await titles(stranger.id, "Confidential")).toEqual(["Confidential territory memo"]);
  });

  it("never lets a typed term match the wiki scope tokens the index filters on", async () => {
    // Every entry carries its wiki's scope token; typing one must not turn into "everything in that wiki".
    expect(await search(reader.id, scopeToken(wikiId))).toEqual([]);
    expect(await search(reader.id, `${scopeToken(wikiId)} Voluntary`)).toEqual([]);
    expect(await titles(reader.id, "Voluntary", { wikiId: secretWikiId })).toEqual([]);
  });

  it("returns nothing from a wiki once the user has been removed from it", async () => {
    const leaver = await makeUser("Lee Leaver");
    const wiki = await createWiki({ name: "Departure wiki", description: "" }, owner.id);
    await addMember(wiki.id, leaver.email, "editor", owner.id);
    await createPage({ wikiId: wiki.id, title: "Quokka strategy", markdown: "Quokka evidence." }, owner.id);
    expect(await titles(leaver.id, "quokka")).toEqual(["Quokka strategy"]);
    await removeMember(wiki.id, leaver.id, owner.id);
    expect(await titles(leaver.id, "quokka")).toEqual([]);
    const reply = await fetch(`${server.url}/api/v1/search?q=quokka`, { headers: { authorization: `Bearer ${leaver.token}` } });
    expect(((await reply.json()) as { results: unknown[] }).results).toEqual([]);
  });

  it("follows renames, the trash and deleted comments", async () => {
    const page = await createPage({ wikiId, title: "Opinio juris notes", markdown: "Zebra evidence." }, owner.id);
    expect(await titles(reader.id, "zebra")).toEqual(["Opinio juris notes"]);
    await renamePage(page.id, "State practice notes", owner.id);
    expect(await titles(reader.id, "zebra")).toEqual(["State practice notes"]);
    await trashPage(page.id, owner.id);
    expect(await titles(reader.id, "zebra")).toEqual([]);
    await restorePage(page.id, owner.id);
    expect(await titles(reader.id, "zebra")).toEqual(["State practice notes"]);
    await createThread({ id: page.id, wikiId }, owner.id, { body: "Quokka remark.", anchor: { kind: "page" } });
    expect(await search(reader.id, "quokka")).toHaveLength(1);
    const [comment] = await search(reader.id, "quokka");
    await deleteComment(comment.id, owner.id, "owner");
    expect(await search(reader.id, "quokka")).toHaveLength(0);
  });

  it("indexes live edits within seconds, from the compacted text", async () => {
    const client = connectClient(server.url, pageId, { token: owner.token });
    clients.push(client);
    await waitFor(() => expect(client.provider.isSynced).toBe(true));
    appendParagraph(client.doc, "A freshly typed xylophone paragraph.");
    await waitFor(() => expect(isAcknowledged(client)).toBe(true));
    await waitFor(async () => expect(await titles(reader.id, "xylophone")).toEqual(["Voluntary norms"]), { timeout: 5000 });
  });

  it("filters by wiki and by kind", async () => {
    const everywhere = await search(reader.id, "territory");
    expect(new Set(everywhere.map((r) => r.wikiId))).toEqual(new Set([wikiId, otherWikiId]));
    expect((await search(reader.id, "territory", { wikiId: otherWikiId })).map((r) => r.wikiId)).toEqual([otherWikiId]);
    expect((await search(reader.id, "territory", { wikiId })).every((r) => r.wikiId === wikiId)).toBe(true);
    const pagesOnly = await search(reader.id, "territory", { kind: "page" });
    expect(pagesOnly.length).toBeGreaterThan(0);
    expect(pagesOnly.every((r) => r.kind === "page")).toBe(true);
    expect((await search(reader.id, "territory", { kind: "comment" })).map((r) => r.kind)).toEqual(["comment"]);
    // A wiki filter never widens what a user may read.
    expect(await search(reader.id, "Confidential", { wikiId: secretWikiId })).toEqual([]);
  });

  it("keeps title hits first even when the limit is small", async () => {
    const [first] = await search(reader.id, "territory", { limit: 1 });
    expect(first).toMatchObject({ kind: "page", titleMatch: true });
    expect(first.titleHtml).toBe("<mark>Territory</mark> and control");
    // The page text's first match is what the page view marks on arrival.
    expect((await search(reader.id, "knowingly"))[0].matchText).toBe("knowingly");
  });

  it("answers the REST search with the same authorization", async () => {
    const call = (token: string, q: string) =>
      fetch(`${server.url}/api/v1/search?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${token}` } });
    const ok = await call(reader.token, "A/70/174");
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { results: { pageTitle: string; url: string }[] };
    expect(body.results.map((r) => r.pageTitle)).toEqual(["Voluntary norms"]);
    expect(body.results[0].url).toBe("/w/search-wiki/voluntary-norms?highlight=A%2F70%2F174");
    const outsider = (await (await call(stranger.token, "Voluntary")).json()) as { results: unknown[] };
    expect(outsider.results).toEqual([]);
    expect((await fetch(`${server.url}/api/v1/search?q=x`)).status).toBe(401);
    expect((await call(reader.token, "x".repeat(501))).status).toBe(400);
  });

  it("takes wiki and kind filters over REST, and says clearly what is wrong with bad ones", async () => {
    const get = (query: string, token = reader.token) =>
      fetch(`${server.url}/api/v1/search?${query}`, { headers: { authorization: `Bearer ${token}` } });
    type Hit = { kind: string; wikiId: string; url: string; threadId?: string; pageTitle: string };
    const results = async (query: string) => {
      const response = await get(query);
      expect(response.status, query).toBe(200);
      return ((await response.json()) as { results: Hit[] }).results;
    };
    expect((await results(`q=territory&wiki=${otherWikiId}`)).map((r) => r.pageTitle)).toEqual(["Sovereignty notes"]);
    expect(new Set((await results("q=territory&wiki=all&kind=all")).map((r) => r.wikiId))).toEqual(new Set([wikiId, otherWikiId]));
    expect((await results("q=territory&kind=pages")).every((r) => r.kind === "page")).toBe(true);
    const comments = await results(`q=territory&kind=comments&wiki=${wikiId}`);
    expect(comments).toHaveLength(1);
    // A comment hit opens its page with the thread focused; a page hit carries the text to mark.
    expect(comments[0]).toMatchObject({ kind: "comment", threadId, url: `/w/search-wiki/voluntary-norms?thread=${threadId}` });
    expect((await results("q=knowingly"))[0].url).toBe("/w/search-wiki/voluntary-norms?highlight=knowingly");
    // The older spelling from the design contract still works.
    expect((await results("q=territory&type=comment")).every((r) => r.kind === "comment")).toBe(true);
    expect(await results("q=territory&limit=1")).toHaveLength(1);

    const refused = async (query: string, status: number, message: RegExp) => {
      const response = await get(query);
      expect(response.status, query).toBe(status);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.message, query).toMatch(message);
    };
    await refused("q=x&kind=page", 400, /^kind: must be "pages", "comments" or "all"/);
    await refused("q=x&type=pages", 400, /^type: must be "page" or "comment"/);
    await refused("q=x&kind=pages&type=page", 400, /kind or type, not both/);
    await refused("q=x&wiki=", 400, /^wiki: must be a wiki id or "all"/);
    await refused("q=x&limit=0", 400, /^limit: must be a whole number from 1 to 100/);
    await refused("q=x&limit=abc", 400, /^limit:/);
    await refused("q=x&kind=pages&kind=comments", 400, /^kind: give it once/);
    // Another team's wiki, or one that does not exist, is not found (its existence is not revealed).
    await refused(`q=Confidential&wiki=${secretWikiId}`, 404, /./);
    await refused("q=x&wiki=no-such-wiki", 404, /./);
    const outsider = (await (await get(`q=territory&wiki=${wikiId}`, stranger.token)).json()) as { error?: unknown };
    expect(outsider.error).toBeDefined();
  });

  it("documents the search endpoint in the OpenAPI description", async () => {
    const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, { get?: { parameters: { name: string }[] } }>;
    };
    expect(doc.paths["/search"]?.get?.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["q", "wiki", "kind", "limit"]));
  });
});
