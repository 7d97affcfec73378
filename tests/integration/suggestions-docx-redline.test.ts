import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import * as Y from "yjs";
import { findSuggestionDecision } from "@/db/queries/suggestions";
import { listRevisions } from "@/db/queries/revisions";
import type { Page } from "@/db/schema";
import { attributePage, authorsOf } from "@/lib/history/attribution";
import { readPageContent } from "@/lib/pages/content";
import { listSuggestions } from "@/lib/suggestions/view";
import { connectClient, isAcknowledged, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { blockText, markKey, openRawSession, readableBlocks, sendEdit, suggestionAttrs } from "../helpers/raw-collab";
import { callApi } from "../helpers/server";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * Issue 19, point 5: the DOCX export carries pending suggestions as Word tracked changes when
 * asked (and the accepted text otherwise), and a redline credits an accepted suggestion to its
 * suggester, naming who accepted it. Against the real server; the DOCX is read as XML and by
 * LibreOffice.
 */

type TestUser = Awaited<ReturnType<typeof makeUser>>;

const server = withServer({
  prefix: "opinio-suggestions-docx-",
  env: { COMPACT_IDLE_MS: "50", VERSION_IDLE_MS: "600000", VERSION_MAX_INTERVAL_MS: "600000" },
});
let owner: TestUser;
let editor: TestUser;
let reviewer: TestUser;
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-suggestions-docx-"));

const SUGGESTED_AT = "2026-12-04T07:00:00.000Z";
const WORD_SUGGESTED_AT = "2026-12-04T07:00:00Z";

beforeAll(async () => {
  owner = await makeUser("Orla Owner");
  editor = await makeUser("Emil Editor");
  reviewer = await makeUser("Rita Reviewer");
});

afterAll(() => {
  for (const client of clients) client.destroy();
  for (const socket of sockets) socket.terminate();
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function freshPage(): Promise<Page> {
  const { page } = await makeWikiWithMembers(
    owner,
    [
      { user: editor, role: "editor" },
      { user: reviewer, role: "reviewer" },
    ],
    "The obligation is binding.\n\nSecond paragraph.",
  );
  return page;
}

async function editorClient(page: Page): Promise<TestClient> {
  const client = connectClient(server.url, page.id, { token: editor.token });
  clients.push(client);
  await waitFor(() => expect(client.provider.isSynced).toBe(true));
  return client;
}

/**
 * The reviewer, over its own collab connection, proposes replacing "binding" with "emerging" and
 * (optionally) a new closing paragraph; returns the replacement's suggestion id.
 */
async function suggest(page: Page, watcher: TestClient, options: { newParagraph?: boolean } = {}): Promise<string> {
  const id = `s-replace-${page.id.slice(0, 6)}`;
  const attrs = suggestionAttrs(id, reviewer.id, SUGGESTED_AT);
  const session = await openRawSession(server.url, reviewer.token, page.id, sockets);
  sendEdit(session, (body) => blockText(body, 0).format(18, 7, { [markKey("suggestionDelete", "a")]: attrs }));
  sendEdit(session, (body) => blockText(body, 0).insert(25, "emerging", { [markKey("suggestionInsert", "b")]: attrs }));
  if (options.newParagraph) {
    const block = suggestionAttrs(`s-block-${page.id.slice(0, 6)}`, reviewer.id, SUGGESTED_AT);
    sendEdit(session, (body) => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.setAttribute("suggestion", { kind: "insert", ...block } as never);
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      body.insert(2, [paragraph]);
      text.insert(0, "A new closing paragraph.", { [markKey("suggestionInsert", "c")]: block });
    });
  }
  await waitFor(() =>
    expect(readableBlocks(watcher.doc).join("\n")).toContain(options.newParagraph ? "closing paragraph.+]" : "[+emerging+]"),
  );
  // Exports and redlines read storage: wait until the suggestions are there.
  await waitFor(async () => expect(listSuggestions((await readPageContent(page.id)).json).length).toBe(options.newParagraph ? 2 : 1));
  return id;
}

async function download(apiPath: string, token = editor.token) {
  const response = await fetch(`${server.url}/api/v1${apiPath}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function documentXml(bytes: Buffer): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file("word/document.xml")!.async("string");
}

/** Every w:ins / w:del around runs, with its author, date and text. */
function trackedChanges(document: string) {
  return [...document.matchAll(/<w:(ins|del)\b([^>]*)>([\s\S]*?)<\/w:\1>/g)].map(([, kind, attrs, body]) => ({
    kind,
    text: [...body.matchAll(/<w:(?:t|delText)(?:\s[^>]*)?>([^<]*)</g)].map((m) => m[1]).join(""),
    author: attrs.match(/w:author="([^"]*)"/)?.[1],
    date: attrs.match(/w:date="([^"]*)"/)?.[1],
  }));
}

/** The document as LibreOffice reads it, in its flat XML format. */
function convertedByLibreOffice(bytes: Buffer, name: string): string {
  const file = path.join(scratch, `${name}.docx`);
  fs.writeFileSync(file, bytes);
  execFileSync(
    "soffice",
    ["--headless", `-env:UserInstallation=file://${path.join(scratch, "lo-profile")}`, "--convert-to", "fodt", "--outdir", scratch, file],
    { stdio: "ignore", timeout: 180_000 },
  );
  return fs.readFileSync(path.join(scratch, `${name}.fodt`), "utf8");
}

describe("redline of an accepted suggestion", () => {
  it("credits the change to the reviewer who suggested it and names the editor who accepted it", async () => {
    const page = await freshPage();
    const watcher = await editorClient(page);
    const id = await suggest(page, watcher);

    // Pending, the suggestion is not in the accepted text, so not in the redline.
    const pending = await download(`/pages/${page.id}/redline?from=1&to=current&format=docx`);
    expect(trackedChanges(await documentXml(pending.bytes))).toEqual([]);

    const accepted = await callApi(server, editor.token, "POST", `/suggestions/${id}/accept`);
    expect(accepted.status).toBe(200);
    // The history kept the suggestion pending in a version of its own, recorded before the decision.
    expect((await listRevisions(page.id)).map((v) => v.number)).toEqual([2, 1]);
    // After accepting, the editor writes on: that edit is the editor's own.
    const text = (watcher.doc.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    await waitFor(() => expect(text.toString()).toBe("The obligation is emerging."));
    text.insert(text.length, " Settled.");
    await waitFor(() => expect(isAcknowledged(watcher)).toBe(true));
    await waitFor(async () => expect((await readPageContent(page.id)).text).toContain("emerging. Settled."));

    const decision = (await findSuggestionDecision(id))!;
    expect(decision.decidedBy).toBe(editor.id);
    const acceptedAt = decision.decidedAt.toISOString().replace(/\.\d{3}Z$/, "Z");
    const expected = [
      { kind: "del", text: "binding", author: "Rita Reviewer (accepted by Emil Editor)", date: acceptedAt },
      { kind: "ins", text: "emerging", author: "Rita Reviewer (accepted by Emil Editor)", date: acceptedAt },
    ];
    const live = trackedChanges(await documentXml((await download(`/pages/${page.id}/redline?from=1&to=current&format=docx`)).bytes));
    expect(live.slice(0, 2)).toEqual(expected);
    expect(live.slice(2).map(({ kind, text, author }) => ({ kind, text, author }))).toEqual([
      { kind: "ins", text: " Settled.", author: "Emil Editor" },
    ]);

    // The same once it is all in a version, and in the HTML redline's tooltips.
    const saved = await callApi(server, editor.token, "POST", `/pages/${page.id}/versions`, { name: "Accepted" });
    expect(saved.status).toBe(201);
    const versioned = trackedChanges(await documentXml((await download(`/pages/${page.id}/redline?from=1&to=3&format=docx`)).bytes));
    expect(versioned.slice(0, 2)).toEqual(expected);
    const html = (await callApi(server, editor.token, "GET", `/pages/${page.id}/redline?from=1&to=3&format=html`)).text;
    expect(html).toMatch(/<ins title="Rita Reviewer, suggestion accepted by Emil Editor in version 3, [^"]+ UTC">emerging<\/ins>/);
    expect(html).toMatch(/<del title="Rita Reviewer, suggestion accepted by Emil Editor in version 3, [^"]+ UTC">binding<\/del>/);
    expect(html).toMatch(/<ins title="Emil Editor, version 3, [^"]+ UTC"> Settled.<\/ins>/);

    // "Who wrote this" credits the accepted words to the reviewer.
    const authors = authorsOf(await attributePage(page.id));
    expect(authors.find((a) => a.author === "Rita Reviewer")?.characters).toBe("emerging".length);
    expect(authors.find((a) => a.author === "Emil Editor")?.characters).toBe(" Settled.".length);
  }, 120_000);

  it("records no extra version when the suggestion accepted is already in the newest one, and credits it all the same", async () => {
    const page = await freshPage();
    const id = await suggest(page, await editorClient(page));
    const saved = await callApi(server, owner.token, "POST", `/pages/${page.id}/versions`, { name: "Pending" });
    expect(saved.status).toBe(201);
    expect((await callApi(server, editor.token, "POST", `/suggestions/${id}/accept`)).status).toBe(200);
    expect((await listRevisions(page.id)).map((v) => v.number)).toEqual([2, 1]);
    await waitFor(async () => expect((await readPageContent(page.id)).text).toContain("emerging"));
    const changes = trackedChanges(await documentXml((await download(`/pages/${page.id}/redline?from=1&to=current&format=docx`)).bytes));
    expect(changes.map(({ kind, text, author }) => `${kind} ${text} ${author}`)).toEqual([
      "del binding Rita Reviewer (accepted by Emil Editor)",
      "ins emerging Rita Reviewer (accepted by Emil Editor)",
    ]);
  });
});

describe("DOCX export of a page with pending suggestions", () => {
  it("refuses tracked suggestions in a format other than DOCX, and an unknown option, with a clear 400", async () => {
    const page = await freshPage();
    const pdf = await callApi(server, editor.token, "GET", `/pages/${page.id}/export?format=pdf&suggestions=tracked`);
    expect(pdf.status).toBe(400);
    expect(pdf.json.error.message).toMatch(/Word only/);
    const unknown = await callApi(server, editor.token, "GET", `/pages/${page.id}/export?format=docx&suggestions=all`);
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/suggestions=accepted or suggestions=tracked/);
  });

  it("reads the accepted text by default, and with suggestions=tracked carries them as Word tracked changes by the reviewer", async () => {
    const page = await freshPage();
    await suggest(page, await editorClient(page), { newParagraph: true });

    const plain = await download(`/pages/${page.id}/export?format=docx`);
    expect(plain.status).toBe(200);
    const plainXml = await documentXml(plain.bytes);
    expect(plainXml).toContain("The obligation is binding.");
    expect(plainXml).not.toContain("emerging");
    expect(plainXml).not.toContain("A new closing paragraph.");
    expect(plainXml).not.toMatch(/<w:(ins|del)\b/);

    const tracked = await download(`/pages/${page.id}/export?format=docx&suggestions=tracked`);
    expect(tracked.status).toBe(200);
    expect(tracked.headers.get("content-disposition")).toContain(`${page.slug}-suggestions.docx`);
    const xml = await documentXml(tracked.bytes);
    expect(trackedChanges(xml)).toEqual([
      { kind: "del", text: "binding", author: "Rita Reviewer", date: WORD_SUGGESTED_AT },
      { kind: "ins", text: "emerging", author: "Rita Reviewer", date: WORD_SUGGESTED_AT },
      { kind: "ins", text: "A new closing paragraph.", author: "Rita Reviewer", date: WORD_SUGGESTED_AT },
    ]);
    // The new paragraph's mark is inserted too, so Word takes or drops the whole paragraph.
    expect(xml).toMatch(/<w:pPr><w:rPr><w:ins w:id="\d+" w:author="Rita Reviewer" w:date="2026-12-04T07:00:00Z"\/><\/w:rPr><\/w:pPr>/);
    const ids = [...xml.matchAll(/<w:(?:ins|del) w:id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);

    // The wiki's export offers the same.
    const wikiXml = await documentXml((await download(`/wikis/${page.wikiId}/export?format=docx&suggestions=tracked`)).bytes);
    expect(trackedChanges(wikiXml).map((c) => `${c.kind} ${c.text}`)).toEqual([
      "del binding",
      "ins emerging",
      "ins A new closing paragraph.",
    ]);

    // Last, as the slowest step: LibreOffice opens it with the changes tracked, each by the reviewer.
    const odt = convertedByLibreOffice(tracked.bytes, "tracked");
    expect(odt).toContain("<text:tracked-changes");
    const regions = [...odt.matchAll(/<text:changed-region[\s\S]*?<\/text:changed-region>/g)].map((m) => m[0]);
    const byRita = (kind: string) =>
      regions.filter((r) => r.includes(`<text:${kind}>`) && r.includes("<dc:creator>Rita Reviewer</dc:creator>"));
    expect(byRita("deletion").length).toBeGreaterThanOrEqual(1);
    expect(byRita("insertion").length).toBeGreaterThanOrEqual(2);
    expect(regions.every((r) => r.includes("<dc:creator>Rita Reviewer</dc:creator>"))).toBe(true);
    // LibreOffice keeps a deletion's text in place, between the ends of its change.
    const spanned = (region: string) => {
      const id = region.match(/text:id="([^"]+)"/)![1];
      return odt.match(new RegExp(`<text:change-start text:change-id="${id}"/>([\\s\\S]*?)<text:change-end text:change-id="${id}"/>`))?.[1];
    };
    expect(byRita("deletion").map(spanned)).toContain("binding");
    expect(byRita("insertion").map(spanned)).toContain("emerging");
  }, 240_000);
});
