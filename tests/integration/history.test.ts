import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { listRecentRevisions, listRevisions, revisionStorageBytes } from "@/db/queries/revisions";
import { createPage } from "@/lib/commands/pages";
import { attributePage } from "@/lib/history/attribution";
import { creditedPageRedline } from "@/lib/history/redline-authorship";
import { createRevision, revisionJSON } from "@/lib/history/revisions";
import { textFromJSON } from "@/lib/editor/document";
import { appendParagraph, connectClient, isAcknowledged, paragraphs, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi } from "../helpers/server";
import { holdsFor, waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

const server = withServer({ env: { VERSION_IDLE_MS: "400", COMPACT_IDLE_MS: "50" } });
const clients: TestClient[] = [];
let owner: Awaited<ReturnType<typeof makeUser>>;
let editor: Awaited<ReturnType<typeof makeUser>>;
let viewer: Awaited<ReturnType<typeof makeUser>>;
let outsider: Awaited<ReturnType<typeof makeUser>>;

function connect(token: string, pageId: string): TestClient {
  const client = connectClient(server.url, pageId, { token });
  clients.push(client);
  return client;
}

const api = (token: string, method: string, path: string, body?: unknown) => callApi(server, token, method, path, body);

beforeAll(async () => {
  owner = await makeUser("Hana History");
  editor = await makeUser("Ed Editor");
  viewer = await makeUser("Val Viewer");
  outsider = await makeUser("Otto Outsider");
});

afterAll(async () => {
  for (const c of clients) c.destroy();
});

async function newPage(markdown = "Opening paragraph.") {
  const { page, wiki } = await makeWikiWithMembers(
    owner,
    [
      { user: editor, role: "editor" },
      { user: viewer, role: "viewer" },
    ],
    markdown,
  );
  return { page, wiki };
}

describe("versions", () => {
  it("records version 1 when a page is created, then a version with both contributors when editing goes idle", async () => {
    const { page } = await newPage();
    expect((await listRevisions(page.id)).map((r) => r.number)).toEqual([1]);
    const a = connect(owner.token, page.id);
    const b = connect(editor.token, page.id);
    await waitFor(() => expect(a.provider.isSynced && b.provider.isSynced).toBe(true));
    appendParagraph(a.doc, "Owner adds a sentence.");
    appendParagraph(b.doc, "Editor adds another.");
    await waitFor(() => expect(isAcknowledged(a) && isAcknowledged(b)).toBe(true));
    const expected = paragraphs(a.doc);
    // The idle timer is 400 ms; the margin is for a loaded CI machine (it once took over 10 s).
    await waitFor(async () => expect(await listRevisions(page.id)).toHaveLength(2), { timeout: 30_000 });
    const [latest] = await listRevisions(page.id);
    expect(JSON.parse(latest.contributors)).toEqual([owner.id, editor.id].sort());
    expect(latest.wordsAdded).toBe(7);
    expect(textFromJSON(await revisionJSON(page.id, 2)).split("\n\n")).toEqual(expected);
    // Idle again without changes: no empty version, for more than twice the idle timer.
    await holdsFor(async () => expect(await listRevisions(page.id)).toHaveLength(2), 900);
  });

  it("records a version when the last editor leaves", async () => {
    const { page } = await newPage();
    const a = connect(editor.token, page.id);
    await waitFor(() => expect(a.provider.isSynced).toBe(true));
    appendParagraph(a.doc, "Written just before leaving.");
    await waitFor(() => expect(isAcknowledged(a)).toBe(true));
    a.destroy();
    await waitFor(async () => expect(await listRevisions(page.id)).toHaveLength(2));
    expect(JSON.parse((await listRevisions(page.id))[0].contributors)).toEqual([editor.id]);
    expect(textFromJSON(await revisionJSON(page.id, 2))).toContain("Written just before leaving.");
  });

  it("reads back each version's content exactly as the page held it", async () => {
    const { page } = await newPage("Base.");
    const versions: { number: number; texts: string[] }[] = [];
    const writer = connect(owner.token, page.id);
    await waitFor(() => expect(writer.provider.isSynced).toBe(true));
    for (let i = 0; i < 4; i++) {
      appendParagraph(writer.doc, `Step ${i}.`);
      await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
      const res = await api(owner.token, "POST", `/pages/${page.id}/versions`, { name: `Step ${i}` });
      expect(res.status).toBe(201);
      versions.push({ number: res.json.number as number, texts: paragraphs(writer.doc) });
    }
    const list = await api(viewer.token, "GET", `/pages/${page.id}/versions?named=1`);
    expect((list.json.versions as { name: string }[]).map((v) => v.name)).toEqual(["Step 3", "Step 2", "Step 1", "Step 0"]);
    for (const version of versions) {
      const res = await api(viewer.token, "GET", `/pages/${page.id}/versions/${version.number}`);
      expect(res.status).toBe(200);
      expect((res.json.text as string).split("\n\n")).toEqual(version.texts);
    }
  });

  it("diffs known edits into exactly those insertions and deletions", async () => {
    const { page } = await newPage("The obligation is binding in cyberspace.");
    const writer = connect(owner.token, page.id);
    await waitFor(() => expect(writer.provider.isSynced).toBe(true));
    const paragraph = writer.doc.getXmlFragment("default").get(0) as Y.XmlElement;
    const text = paragraph.get(0) as Y.XmlText;
    writer.doc.transact(() => {
      text.delete("The obligation is ".length, "binding".length);
      text.insert("The obligation is ".length, "not yet binding");
    });
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
    await api(owner.token, "POST", `/pages/${page.id}/versions`, { name: "After edit" });
    const res = await api(viewer.token, "GET", `/pages/${page.id}/diff?from=1&to=2`);
    expect(res.status).toBe(200);
    const blocks = res.json.blocks as { type: string; words?: { type: string; text: string }[] }[];
    const changed = blocks.filter((b) => b.type !== "unchanged");
    expect(changed).toHaveLength(1);
    const words = changed[0].words!.filter((w) => w.type !== "equal");
    expect(
      words
        .filter((w) => w.type === "insert")
        .map((w) => w.text.trim())
        .join(" "),
    ).toBe("not yet");
    expect(words.filter((w) => w.type === "delete")).toEqual([]);
    expect(res.json.summaryText).toBe("1 paragraph changed; +2 words");

    const redline = await api(viewer.token, "GET", `/pages/${page.id}/redline?from=1&to=2&format=html`);
    expect(redline.status).toBe(200);
    expect(redline.headers.get("content-type")).toContain("text/html");
    expect(redline.text).toContain("<ins");
  });

  it("counts a citation added, or its pinpoint changed, in a version's +/- and in the diff", async () => {
    const { page } = await newPage("Sovereignty is a rule.");
    const writer = connect(owner.token, page.id);
    await waitFor(() => expect(writer.provider.isSynced).toBe(true));
    const paragraph = writer.doc.getXmlFragment("default").get(0) as Y.XmlElement;
    const citation = new Y.XmlElement("citation");
    citation.setAttribute("sourceId", "nicaragua");
    citation.setAttribute("pinpoint", "para 202");
    paragraph.insert(paragraph.length, [citation]);
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
    // Each edit becomes a version of its own when editing goes idle (VERSION_IDLE_MS).
    await waitFor(async () => expect(await listRevisions(page.id)).toHaveLength(2), { timeout: 30_000 });
    expect((await listRevisions(page.id))[0]).toMatchObject({ number: 2, wordsAdded: 1, wordsRemoved: 0 });
    expect((await api(viewer.token, "GET", `/pages/${page.id}/diff?from=1&to=2`)).json.summaryText).toBe(
      "1 paragraph changed; +1 citation",
    );

    citation.setAttribute("pinpoint", "para 205");
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
    await waitFor(async () => expect(await listRevisions(page.id)).toHaveLength(3), { timeout: 30_000 });
    expect((await listRevisions(page.id))[0]).toMatchObject({ number: 3, wordsAdded: 1, wordsRemoved: 1 });
    expect((await api(viewer.token, "GET", `/pages/${page.id}/diff?from=2&to=3`)).json.summaryText).toBe(
      "1 paragraph changed; +1 \u22121 citations",
    );
  });

  it("restores a version live for two connected editors and records it as a version", async () => {
    const { page } = await newPage("Original wording.");
    const a = connect(owner.token, page.id);
    const b = connect(editor.token, page.id);
    await waitFor(() => expect(a.provider.isSynced && b.provider.isSynced).toBe(true));
    appendParagraph(a.doc, "A later, regretted sentence.");
    await waitFor(() => expect(isAcknowledged(a)).toBe(true));
    await waitFor(() => expect(paragraphs(b.doc)).toContain("A later, regretted sentence."));

    const res = await api(editor.token, "POST", `/pages/${page.id}/restore`, { version: 1 });
    if (res.status !== 201) console.log(server.output().slice(-3000));
    expect(res.status).toBe(201);
    expect(res.json.name).toBe("Restored version 1");
    await waitFor(() => {
      expect(paragraphs(a.doc)).toEqual(["Original wording."]);
      expect(paragraphs(b.doc)).toEqual(["Original wording."]);
    });
    const [latest] = await listRevisions(page.id);
    expect(latest.kind).toBe("restore");
    expect(textFromJSON(await revisionJSON(page.id, latest.number))).toBe("Original wording.");
    // A fresh reader agrees.
    const c = connect(viewer.token, page.id);
    await waitFor(() => expect(paragraphs(c.doc)).toEqual(["Original wording."]));
  });

  it("lets viewers read history but not restore or name versions; refuses bad references", async () => {
    const { page } = await newPage();
    const other = await newPage("Other wiki page.");
    expect((await api(viewer.token, "GET", `/pages/${page.id}/versions`)).status).toBe(200);
    expect((await api(viewer.token, "POST", `/pages/${page.id}/restore`, { version: 1 })).status).toBe(403);
    expect((await api(viewer.token, "POST", `/pages/${page.id}/versions`, { name: "x" })).status).toBe(403);
    expect((await api(outsider.token, "GET", `/pages/${page.id}/versions`)).status).toBe(404);
    expect((await api(outsider.token, "POST", `/pages/${other.page.id}/restore`, { version: 1 })).status).toBe(404);
    const missing = await api(editor.token, "POST", `/pages/${page.id}/restore`, { version: 99 });
    expect(missing.status).toBe(404);
    for (const body of [{ version: "one" }, {}]) {
      const refused = await api(editor.token, "POST", `/pages/${page.id}/restore`, body);
      expect(refused.status).toBe(400);
      // Said in words a person can act on, not the validator's "expected number, received NaN".
      expect(refused.text).toContain("version must be a version number");
    }
    expect((await api(viewer.token, "GET", `/pages/${page.id}/diff?from=1&to=42`)).status).toBe(404);
    expect((await api(viewer.token, "GET", `/pages/${page.id}/diff`)).status).toBe(400);
    expect(await listRevisions(page.id)).toHaveLength(1);
  });
});

describe("recent changes", () => {
  it("lists versions across the wiki's pages newest first, filtered by person and by page", async () => {
    const { wiki, page } = await newPage("Feed page one.");
    const second = await createPage({ wikiId: wiki.id, title: "Feed page two", markdown: "Two." }, owner.id);
    const writer = connect(editor.token, page.id);
    await waitFor(() => expect(writer.provider.isSynced).toBe(true));
    appendParagraph(writer.doc, "Edited by the editor.");
    await waitFor(() => expect(isAcknowledged(writer)).toBe(true));
    writer.destroy();
    await waitFor(async () => expect(await listRevisions(page.id)).toHaveLength(2));

    const all = await listRecentRevisions(wiki.id);
    expect(all.map((r) => [r.pageTitle, r.number])).toEqual([
      [page.title, 2],
      ["Feed page two", 1],
      [page.title, 1],
    ]);
    expect((await listRecentRevisions(wiki.id, { userId: editor.id })).map((r) => [r.pageTitle, r.number])).toEqual([[page.title, 2]]);
    expect((await listRecentRevisions(wiki.id, { pageId: second.id })).map((r) => r.number)).toEqual([1]);
    expect(all[0]).toMatchObject({ wordsAdded: 4, wordsRemoved: 0 });
  });
});

describe("attribution", () => {
  it("credits each stretch of text to the version, and the people, that wrote it", async () => {
    const { page } = await newPage("First paragraph by the owner.\n\nSecond paragraph, also by the owner.");
    const b = connect(editor.token, page.id);
    await waitFor(() => expect(b.provider.isSynced).toBe(true));
    const second = (b.doc.getXmlFragment("default").get(1) as Y.XmlElement).get(0) as Y.XmlText;
    second.insert(0, "Rewritten: ");
    await waitFor(() => expect(isAcknowledged(b)).toBe(true));
    await waitFor(async () => expect(await listRevisions(page.id)).toHaveLength(2));
    // Deleting words does not make the editor the author of what is left.
    const first = (b.doc.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    first.delete("First paragraph".length, " by the owner".length);
    appendParagraph(b.doc, "Not in any version yet.");
    await waitFor(() => expect(isAcknowledged(b)).toBe(true));

    const { blocks } = await attributePage(page.id);
    expect(blocks.map((block) => block.pieces.map((piece) => [piece.text, piece.credit?.author, piece.credit?.label]))).toEqual([
      [["First paragraph.", "Hana History", "version 1"]],
      [
        ["Rewritten: ", "Ed Editor", "version 2"],
        ["Second paragraph, also by the owner.", "Hana History", "version 1"],
      ],
      [["Not in any version yet.", "Ed Editor", "edits since version 2"]],
    ]);
  });
});

describe("redline credits", () => {
  it("credits each change to its own version, and past the step limit the earliest versions together", async () => {
    const { page } = await newPage();
    const ed = connect(editor.token, page.id);
    const hana = connect(owner.token, page.id);
    await waitFor(() => expect(ed.provider.isSynced && hana.provider.isSynced).toBe(true));
    for (const [i, client] of [ed, hana, ed, hana].entries()) {
      appendParagraph(client.doc, `Paragraph ${i + 2}.`);
      await waitFor(() => expect(isAcknowledged(client)).toBe(true));
      await waitFor(async () => expect(await listRevisions(page.id)).toHaveLength(i + 2));
    }
    const insertions = async (maxSteps?: number) =>
      (await creditedPageRedline(page.id, 1, 5, maxSteps)).blocks.flatMap((block) =>
        block.pieces
          .filter((piece) => piece.type === "insert")
          .map((piece) => `${piece.text} ${piece.credit?.author} (${piece.credit?.label})`),
      );
    expect(await insertions()).toEqual([
      "Paragraph 2. Ed Editor (version 2)",
      "Paragraph 3. Hana History (version 3)",
      "Paragraph 4. Ed Editor (version 4)",
      "Paragraph 5. Hana History (version 5)",
    ]);
    expect(await insertions(2)).toEqual([
      "Paragraph 2. Ed Editor, Hana History (versions 2–4)",
      "Paragraph 3. Ed Editor, Hana History (versions 2–4)",
      "Paragraph 4. Ed Editor, Hana History (versions 2–4)",
      "Paragraph 5. Hana History (version 5)",
    ]);
  });
});

describe("version storage", () => {
  it("grows with the size of each change, not the size of the page", async () => {
    const words = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(" ");
    const page = await createPage({ wikiId: (await newPage()).wiki.id, title: "Long page", markdown: words }, owner.id);
    const first = await revisionStorageBytes(page.id);
    for (let i = 0; i < 20; i++) {
      const client = connect(owner.token, page.id);
      await waitFor(() => expect(client.provider.isSynced).toBe(true));
      appendParagraph(client.doc, `One more sentence number ${i}.`);
      await waitFor(() => expect(isAcknowledged(client)).toBe(true));
      client.destroy();
      await createRevision(page.id, { kind: "named", name: `v${i}` });
    }
    // Auto versions may slip in between the named ones; count what is there.
    const added = (await listRevisions(page.id)).length - 1;
    expect(added).toBeGreaterThanOrEqual(20);
    const perVersion = ((await revisionStorageBytes(page.id)) - first) / added;
    expect(perVersion).toBeLessThan(first / 20);
    console.log(`version storage: first ${first} bytes, then ${Math.round(perVersion)} bytes per small-edit version`);
  });
});
