import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createThread, deleteComment } from "@/lib/comments/commands";
import { createPage, renamePage, trashPage, restorePage } from "@/lib/commands/pages";
import { addMember, createWiki } from "@/lib/commands/wikis";
import { toFtsQuery } from "@/lib/search/query";
import { search } from "@/lib/search/search";
import { appendParagraph, connectClient, isAcknowledged, type TestClient } from "../helpers/collab-client";
import { makeUser, useDataDir } from "../helpers/fixtures";
import { makeDataDir, startServer, type RunningServer } from "../helpers/server";
import { waitFor } from "../helpers/wait";

let server: RunningServer;
let owner: Awaited<ReturnType<typeof makeUser>>;
let reader: Awaited<ReturnType<typeof makeUser>>;
let stranger: Awaited<ReturnType<typeof makeUser>>;
let wikiId: string;
let pageId: string;
const clients: TestClient[] = [];

const TEXT = [
  "## Norm 13(c)",
  "",
  "The 2015 GGE report, UN Doc A/70/174, para 13(c), says States should not knowingly allow their territory to be used for internationally wrongful acts.",
  "",
  "The prohibition of the use of force in Art. 2(4) of the Charter is a different matter.",
].join("\n");

beforeAll(async () => {
  const dataDir = makeDataDir();
  server = await startServer({ dataDir, env: { COMPACT_IDLE_MS: "100" } });
  useDataDir(dataDir);
  owner = await makeUser("Sam Search");
  reader = await makeUser("Rae Reader");
  stranger = await makeUser("Stan Stranger");
  const wiki = createWiki({ name: "Search wiki", description: "" }, owner.id);
  wikiId = wiki.id;
  addMember(wiki.id, reader.email, "viewer", owner.id);
  pageId = createPage({ wikiId, title: "Voluntary norms", markdown: TEXT }, owner.id).id;
  createPage({ wikiId, title: "Territory and control", markdown: "Nothing about the other thing." }, owner.id);
  createThread({ id: pageId, wikiId }, owner.id, { body: "Check whether *territory* covers cloud infrastructure.", anchor: { kind: "page" } });
  const secret = createWiki({ name: "Secret wiki", description: "" }, stranger.id);
  createPage({ wikiId: secret.id, title: "Confidential territory memo", markdown: "A/70/174 strategy." }, stranger.id);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.kill();
});

const titles = (userId: string, q: string, options = {}) => search(userId, q, options).map((r) => r.titleHtml.replace(/<\/?mark>/g, ""));

describe("search", () => {
  it("quotes every term so legal references are found as written", () => {
    expect(toFtsQuery("A/70/174")).toBe('"A/70/174"*');
    expect(toFtsQuery('"due diligence" 13(c)')).toBe('"due diligence" "13(c)"');
    expect(toFtsQuery('say "')).toBe('"say"');
    expect(toFtsQuery("*** ()")).toBeNull();
    expect(toFtsQuery('he said "x" OR y')).toBe('"he" "said" "x" "OR" "y"*');
  });

  it("finds legal tokens: A/70/174, 13(c), Art. 2(4)", () => {
    for (const q of ["A/70/174", "13(c)", "Art. 2(4)", '"para 13(c)"']) expect(titles(reader.id, q), q).toContain("Voluntary norms");
    expect(titles(reader.id, "Art. 2(5)")).toEqual([]);
  });

  it("supports phrase and prefix search, and marks matches in escaped snippets", () => {
    expect(titles(reader.id, '"knowingly allow"')).toEqual(["Voluntary norms"]);
    expect(titles(reader.id, '"allow knowingly"')).toEqual([]);
    expect(titles(reader.id, "internation")).toEqual(["Voluntary norms"]);
    const [hit] = search(reader.id, "knowingly");
    expect(hit.snippetHtml).toContain("<mark>knowingly</mark>");
  });

  it("ranks title hits first, and finds comments", () => {
    const results = search(reader.id, "territory");
    expect(results[0]).toMatchObject({ kind: "page", titleMatch: true });
    expect(results.map((r) => r.kind)).toContain("comment");
    expect(search(reader.id, "territory", { kind: "comment" }).every((r) => r.kind === "comment")).toBe(true);
  });

  it("never shows pages or comments of wikis the user has no role in", () => {
    expect(titles(reader.id, "Confidential")).toEqual([]);
    expect(titles(stranger.id, "Voluntary")).toEqual([]);
    expect(titles(stranger.id, "Confidential")).toEqual(["Confidential territory memo"]);
  });

  it("follows renames, the trash and deleted comments", () => {
    const page = createPage({ wikiId, title: "Opinio juris notes", markdown: "Zebra evidence." }, owner.id);
    expect(titles(reader.id, "zebra")).toEqual(["Opinio juris notes"]);
    renamePage(page.id, "State practice notes", owner.id);
    expect(titles(reader.id, "zebra")).toEqual(["State practice notes"]);
    trashPage(page.id, owner.id);
    expect(titles(reader.id, "zebra")).toEqual([]);
    restorePage(page.id, owner.id);
    expect(titles(reader.id, "zebra")).toEqual(["State practice notes"]);
    createThread({ id: page.id, wikiId }, owner.id, { body: "Quokka remark.", anchor: { kind: "page" } });
    expect(search(reader.id, "quokka")).toHaveLength(1);
    const [comment] = search(reader.id, "quokka");
    deleteComment(comment.id, owner.id, "owner");
    expect(search(reader.id, "quokka")).toHaveLength(0);
  });

  it("indexes live edits within seconds, from the compacted text", async () => {
    const client = connectClient(server.url, pageId, { token: owner.token });
    clients.push(client);
    await waitFor(() => expect(client.provider.isSynced).toBe(true));
    appendParagraph(client.doc, "A freshly typed xylophone paragraph.");
    await waitFor(() => expect(isAcknowledged(client)).toBe(true));
    await waitFor(() => expect(titles(reader.id, "xylophone")).toEqual(["Voluntary norms"]), { timeout: 5000 });
  });

  it("answers the REST search with the same authorization", async () => {
    const call = (token: string, q: string) => fetch(`${server.url}/api/v1/search?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${token}` } });
    const ok = await call(reader.token, "A/70/174");
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { results: { pageTitle: string; url: string }[] };
    expect(body.results.map((r) => r.pageTitle)).toEqual(["Voluntary norms"]);
    expect(body.results[0].url).toMatch(/^\/w\/search-wiki\/voluntary-norms$/);
    const outsider = (await (await call(stranger.token, "Voluntary")).json()) as { results: unknown[] };
    expect(outsider.results).toEqual([]);
    expect((await fetch(`${server.url}/api/v1/search?q=x`)).status).toBe(401);
    expect((await call(reader.token, "x".repeat(501))).status).toBe(400);
  });
});
