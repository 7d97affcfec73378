import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { JSONContent } from "@tiptap/core";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { insertSource as insertSourceRow, listAllSources } from "@/db/queries/sources";
import { listAuditEvents } from "@/db/queries/audit";
import { listPages } from "@/db/queries/pages";
import { listRevisions } from "@/db/queries/revisions";
import { createPage, trashPage } from "@/lib/commands/pages";
import { markdownToJSON } from "@/lib/editor/markdown";
import { readPageContent } from "@/lib/pages/content";
import { connectClient, isAcknowledged, type TestClient } from "../helpers/collab-client";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * Issue 6, points 6–8: exports (DOCX with Word footnotes, PDF, Markdown, HTML), the redline as a
 * DOCX with tracked changes, and DOCX/Markdown import. Files are opened as a reader would: the
 * DOCX with a zip + XML reader, LibreOffice and pdftotext for the PDFs.
 */

const server = withServer({
  prefix: "opinio-export-",
  env: { VERSION_IDLE_MS: "60000", COMPACT_IDLE_MS: "50", MAX_IMPORT_BYTES: String(200 * 1024) },
});
let owner: Awaited<ReturnType<typeof makeUser>>;
let editor: Awaited<ReturnType<typeof makeUser>>;
let viewer: Awaited<ReturnType<typeof makeUser>>;
let outsider: Awaited<ReturnType<typeof makeUser>>;
const clients: TestClient[] = [];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "opinio-export-"));

/**
 * fetch, tried once more when the pooled connection it picked had been closed by the server
 * before the request went out (keep-alive expiry after the long LibreOffice steps; the server
 * never saw the request).
 */
async function fetchOnce(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code !== "UND_ERR_SOCKET" || !/other side closed/.test(cause.message ?? "")) throw error;
    return fetch(url, init);
  }
}

async function get(token: string, apiPath: string) {
  const response = await fetchOnce(`${server.url}/api/v1${apiPath}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

async function upload(token: string, wikiId: string, file: { bytes: Buffer; name: string; type: string }, title?: string) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  if (title) form.append("title", title);
  const response = await fetchOnce(`${server.url}/api/v1/wikis/${wikiId}/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

async function insertSource(wikiId: string, id: string, title: string): Promise<void> {
  await insertSourceRow({ id, wikiId, kind: "other", title });
}

const cite = (sourceId: string, pinpoint = ""): JSONContent => ({ type: "citation", attrs: { sourceId, pinpoint } });

/** A page with headings, marks, both kinds of list, a table and three citations. */
async function richWiki() {
  const { wiki, page: first } = await makeWikiWithMembers(owner, [
    { user: editor, role: "editor" },
    { user: viewer, role: "viewer" },
  ]);
  await insertSource(wiki.id, `${wiki.id}-tallinn`, "Tallinn Manual 2.0 on Cyber Operations");
  await insertSource(wiki.id, `${wiki.id}-corfu`, "Corfu Channel Case");
  const json = markdownToJSON(
    "# Due diligence\n\nStates must **not knowingly** allow *their territory* to be used.\n\n## Elements\n\n- knowledge\n- capacity\n\n1. first step\n2. second step\n\n| Authority | Holding |\n| --- | --- |\n| Corfu | no knowing use |\n",
  );
  json.content![1].content!.push(cite(`${wiki.id}-corfu`, "22"));
  json.content![3].content![0].content![0].content!.push(cite(`${wiki.id}-tallinn`, "r 6"));
  json.content![4].content![1].content![0].content!.push(cite(`${wiki.id}-corfu`));
  const page = await createPage({ wikiId: wiki.id, title: "Strand on due diligence", json }, owner.id);
  return { wiki, page, first };
}

async function unzip(bytes: Buffer) {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (name: string) => (await zip.file(name)?.async("string")) ?? "";
  return {
    document: await read("word/document.xml"),
    footnotes: await read("word/footnotes.xml"),
    numbering: await read("word/numbering.xml"),
  };
}

/** The texts of the real footnotes (Word's separator notes have negative or zero ids). */
function footnoteTexts(xml: string): string[] {
  return [...xml.matchAll(/<w:footnote\b[^>]*w:id="(-?\d+)"[^>]*>([\s\S]*?)<\/w:footnote>/g)]
    .filter(([, id]) => Number(id) > 0)
    .map(([, , body]) => [...body.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(""));
}

function pdfText(file: string): string {
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

beforeAll(async () => {
  owner = await makeUser("Olga Owner");
  editor = await makeUser("Ed Editor");
  viewer = await makeUser("Vera Viewer");
  outsider = await makeUser("Otto Outsider");
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  if (process.env.DEBUG_SERVER) console.log(server?.output().slice(-6000));
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe("DOCX export", () => {
  it("has real Word footnotes in document order, headings, numbered lists and a table; a viewer may export", async () => {
    const { page } = await richWiki();
    const res = await get(viewer.token, `/pages/${page.id}/export?format=docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${page.slug}.docx"`);
    const { document, footnotes, numbering } = await unzip(res.bytes);
    expect(footnoteTexts(footnotes)).toEqual([
      "Corfu Channel Case, 22.",
      "Tallinn Manual 2.0 on Cyber Operations, r 6.",
      "Corfu Channel Case (n 1).",
    ]);
    const references = [...document.matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(references).toEqual([1, 2, 3]);
    // The page title is Heading 1, the page's own h1 moves to Heading 2, its h2 to Heading 3.
    expect(document).toMatch(/<w:pStyle w:val="Heading1"\/>[\s\S]*?Strand on due diligence/);
    expect(document).toMatch(/<w:pStyle w:val="Heading2"\/>[\s\S]*?Due diligence/);
    expect(document).toMatch(/<w:pStyle w:val="Heading3"\/>[\s\S]*?Elements/);
    expect(document).toMatch(/<w:b\/>[\s\S]*?not knowingly/);
    // Lists are real numbering, bullets and decimals both defined.
    expect((document.match(/<w:numPr>/g) ?? []).length).toBe(4);
    expect(numbering).toContain('w:val="bullet"');
    expect(numbering).toContain('w:val="decimal"');
    expect(document).toMatch(/<w:tbl>[\s\S]*Authority[\s\S]*no knowing use[\s\S]*<\/w:tbl>/);
  });

  it("opens in LibreOffice: the converted PDF carries the footnote text", async () => {
    const { page } = await richWiki();
    const res = await get(owner.token, `/pages/${page.id}/export?format=docx`);
    const file = path.join(scratch, "strand.docx");
    fs.writeFileSync(file, res.bytes);
    execFileSync(
      "soffice",
      ["--headless", `-env:UserInstallation=file://${path.join(scratch, "lo-profile")}`, "--convert-to", "pdf", "--outdir", scratch, file],
      { stdio: "ignore", timeout: 180_000 },
    );
    const text = pdfText(path.join(scratch, "strand.pdf"));
    expect(text).toContain("Strand on due diligence");
    expect(text).toContain("Tallinn Manual 2.0 on Cyber Operations, r 6");
    expect(text).toContain("Corfu Channel Case, 22");
  }, 240_000);

  it("exports a whole wiki in tree order, one chapter per page, without trashed pages, and records the export", async () => {
    const { wiki, page, first } = await richWiki();
    const child = await createPage({ wikiId: wiki.id, title: "Child of the first", parentId: first.id, markdown: "Child text." }, owner.id);
    const trashed = await createPage({ wikiId: wiki.id, title: "Thrown away", markdown: "Gone." }, owner.id);
    await trashPage(trashed.id, owner.id);
    const res = await get(viewer.token, `/wikis/${wiki.id}/export?format=docx`);
    expect(res.status).toBe(200);
    const { document } = await unzip(res.bytes);
    const chapters = [...document.matchAll(/<w:pStyle w:val="Heading1"\/>[\s\S]*?<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]);
    expect(chapters).toEqual([first.title, child.title, page.title]);
    expect(document).not.toContain("Thrown away");
    const events = await listAuditEvents(wiki.id, { action: "export" }, 100);
    expect(events.map((e) => JSON.parse(e.details))).toContainEqual(expect.objectContaining({ what: "wiki", format: "docx" }));
  });
});

describe("other formats", () => {
  it("Markdown: citations as [^n] footnotes, headings shifted under the title", async () => {
    const { page } = await richWiki();
    const res = await get(viewer.token, `/pages/${page.id}/export?format=md`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    const md = res.bytes.toString("utf8");
    expect(md).toMatch(/^# Strand on due diligence\n\n## Due diligence\n/);
    expect(md).toContain("States must **not knowingly** allow *their territory* to be used.[^1]");
    expect(md).toContain("- knowledge[^2]");
    expect(md).toContain("| Authority | Holding |");
    expect(md).toContain(
      "[^1]: Corfu Channel Case, 22.\n[^2]: Tallinn Manual 2.0 on Cyber Operations, r 6.\n[^3]: Corfu Channel Case (n 1).",
    );
  });

  it("PDF: text, the notes and page numbers", async () => {
    const { page } = await richWiki();
    const res = await get(viewer.token, `/pages/${page.id}/export?format=pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const file = path.join(scratch, "own.pdf");
    fs.writeFileSync(file, res.bytes);
    const text = pdfText(file);
    expect(text).toContain("States must not knowingly allow their territory to be used.");
    expect(text).toContain("Tallinn Manual 2.0 on Cyber Operations, r 6");
    expect(text).toMatch(/Page 1 of 1/);
  });

  it("HTML: standalone, scripts forbidden, numbered notes", async () => {
    const { wiki } = await richWiki();
    const evil = await createPage(
      { wikiId: wiki.id, title: "<script>alert(1)</script>", markdown: "<img src=x onerror=alert(1)> text" },
      owner.id,
    );
    const res = await get(viewer.token, `/pages/${evil.id}/export?format=html`);
    expect(res.status).toBe(200);
    // The server's own policy (nonce-only scripts) is on the response; the file carries its own for when it is saved.
    expect(res.headers.get("content-security-policy")).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const html = res.bytes.toString("utf8");
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain("&lt;script&gt;");
  });

  it("answers 404 to a non-member and 400 to an unknown format, and exports nothing", async () => {
    const { page, wiki } = await richWiki();
    expect((await get(outsider.token, `/pages/${page.id}/export?format=docx`)).status).toBe(404);
    expect((await get(outsider.token, `/wikis/${wiki.id}/export?format=md`)).status).toBe(404);
    const bad = await get(viewer.token, `/pages/${page.id}/export?format=rtf`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.bytes.toString()).error.message).toMatch(/docx\|pdf\|md\|html/);
    expect(await listAuditEvents(wiki.id, { action: "export" }, 100)).toEqual([]);
  });
});

/** The tracked changes of a redline DOCX in document order: kind, text, author and date. */
function trackedChanges(document: string) {
  return [...document.matchAll(/<w:(ins|del)\b([^>]*)>([\s\S]*?)<\/w:\1>/g)].map(([, kind, attrs, body]) => ({
    kind,
    text: [...body.matchAll(/<w:(?:t|delText)(?:\s[^>]*)?>([^<]*)</g)].map((m) => m[1]).join(""),
    author: attrs.match(/w:author="([^"]*)"/)?.[1],
    date: attrs.match(/w:date="([^"]*)"/)?.[1],
  }));
}

describe("redline DOCX", () => {
  it("credits each w:ins and w:del to the person and version that made it, as LibreOffice reads it", async () => {
    const { page } = await makeWikiWithMembers(owner, [{ user: editor, role: "editor" }], "Operations causing harm breach the rule.");
    const edClient = connectClient(server.url, page.id, { token: editor.token });
    const olgaClient = connectClient(server.url, page.id, { token: owner.token });
    clients.push(edClient, olgaClient);
    await waitFor(() => expect(edClient.provider.isSynced && olgaClient.provider.isSynced).toBe(true));
    const textOf = (client: TestClient) => (client.doc.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const saveVersion = async (token: string, name: string) => {
      const saved = await fetchOnce(`${server.url}/api/v1/pages/${page.id}/versions`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
      expect(saved.status).toBe(201);
    };
    // Version 2, by Ed: "sovereignty" comes in.
    textOf(edClient).insert("Operations causing harm breach the ".length, "sovereignty ");
    await waitFor(() => expect(isAcknowledged(edClient)).toBe(true));
    await saveVersion(editor.token, "Sovereignty");
    // Version 3, by Olga: "harm" becomes "risk".
    await waitFor(() => expect(textOf(olgaClient).toString()).toContain("sovereignty"));
    olgaClient.doc.transact(() => {
      textOf(olgaClient).delete("Operations causing ".length, "harm".length);
      textOf(olgaClient).insert("Operations causing ".length, "risk");
    });
    await waitFor(() => expect(isAcknowledged(olgaClient)).toBe(true));
    await saveVersion(owner.token, "Risk");
    // Not yet in a version, by Ed: " Contested."
    await waitFor(() => expect(textOf(edClient).toString()).toContain("risk"));
    textOf(edClient).insert(textOf(edClient).length, " Contested.");
    await waitFor(() => expect(isAcknowledged(edClient)).toBe(true));

    const versions = await listRevisions(page.id);
    const dateOf = (n: number) =>
      versions
        .find((v) => v.number === n)!
        .createdAt.toISOString()
        .replace(/\.\d{3}Z$/, "Z");
    const redline = async (from: string, to: string) => {
      const res = await get(owner.token, `/pages/${page.id}/redline?from=${from}&to=${to}&format=docx`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toContain(".docx");
      return res.bytes;
    };
    const forward = await redline("1", "3");
    expect(trackedChanges((await unzip(forward)).document)).toEqual([
      { kind: "del", text: "harm", author: "Olga Owner", date: dateOf(3) },
      { kind: "ins", text: "risk", author: "Olga Owner", date: dateOf(3) },
      { kind: "ins", text: "sovereignty ", author: "Ed Editor", date: dateOf(2) },
    ]);
    // Backward, each change undoes a version and keeps that version's credit.
    expect(trackedChanges((await unzip(await redline("3", "1"))).document)).toEqual([
      { kind: "del", text: "risk", author: "Olga Owner", date: dateOf(3) },
      { kind: "ins", text: "harm", author: "Olga Owner", date: dateOf(3) },
      { kind: "del", text: "sovereignty ", author: "Ed Editor", date: dateOf(2) },
    ]);
    // The live page's edits since version 3 are Ed's, dated when the page last changed.
    const live = trackedChanges((await unzip(await redline("1", "current"))).document);
    expect(live.map(({ kind, text, author }) => `${kind} ${text} ${author}`)).toEqual([
      "del harm Olga Owner",
      "ins risk Olga Owner",
      "ins sovereignty  Ed Editor",
      "ins  Contested. Ed Editor",
    ]);
    expect(live[3].date! >= dateOf(3)).toBe(true);
    // The HTML redline says the same in tooltips.
    const html = (await get(owner.token, `/pages/${page.id}/redline?from=1&to=3&format=html`)).bytes.toString();
    expect(html).toMatch(/<ins title="Ed Editor, version 2, [^"]+ UTC">sovereignty <\/ins>/);
    expect(html).toMatch(/<del title="Olga Owner, version 3, [^"]+ UTC">harm<\/del>/);

    // LibreOffice reads them as tracked changes by each author (its own format lists each as a changed region).
    const file = path.join(scratch, "redline.docx");
    fs.writeFileSync(file, forward);
    execFileSync(
      "soffice",
      ["--headless", `-env:UserInstallation=file://${path.join(scratch, "lo-profile")}`, "--convert-to", "fodt", "--outdir", scratch, file],
      { stdio: "ignore", timeout: 180_000 },
    );
    const odt = fs.readFileSync(path.join(scratch, "redline.fodt"), "utf8");
    const regions = [...odt.matchAll(/<text:changed-region[\s\S]*?<\/text:changed-region>/g)].map((m) => m[0]);
    const count = (kind: string, author: string) =>
      regions.filter((r) => r.includes(`<text:${kind}>`) && r.includes(`<dc:creator>${author}</dc:creator>`)).length;
    expect({
      olgaDeletes: count("deletion", "Olga Owner"),
      olgaInserts: count("insertion", "Olga Owner"),
      edInserts: count("insertion", "Ed Editor"),
      edDeletes: count("deletion", "Ed Editor"),
    }).toEqual({
      olgaDeletes: 1,
      olgaInserts: 1,
      edInserts: 1,
      edDeletes: 0,
    });
  }, 240_000);
});

describe("import", () => {
  it("a DOCX → page → DOCX round trip keeps headings, lists, tables and footnotes (as new 'other' sources)", async () => {
    const { page, wiki } = await richWiki();
    const exported = await get(owner.token, `/pages/${page.id}/export?format=docx`);
    const res = await upload(editor.token, wiki.id, {
      bytes: exported.bytes,
      name: "Strand copy.docx",
      type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.title).toBe("Strand copy");
    const json = (await readPageContent(res.json.id as string)).json;
    const types = (json.content ?? []).map((n) => n.type);
    expect(types).toEqual(expect.arrayContaining(["heading", "paragraph", "bulletList", "orderedList", "table"]));
    const sources = (await listAllSources(wiki.id))
      .filter((source) => source.createdBy === editor.id)
      .map(({ kind, title }) => ({ kind, title }))
      .sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
    expect(sources).toEqual([
      // Each footnote's text as OSCOLA worded it, the short form included.
      { kind: "other", title: "Corfu Channel Case (n 1)." },
      { kind: "other", title: "Corfu Channel Case, 22." },
      { kind: "other", title: "Tallinn Manual 2.0 on Cyber Operations, r 6." },
    ]);
    const again = await unzip((await get(owner.token, `/pages/${res.json.id}/export?format=docx`)).bytes);
    expect(footnoteTexts(again.footnotes)).toEqual([
      "Corfu Channel Case, 22.",
      "Tallinn Manual 2.0 on Cyber Operations, r 6.",
      "Corfu Channel Case (n 1).",
    ]);
    expect(again.document).toMatch(/<w:pStyle w:val="Heading3"\/>[\s\S]*?Due diligence/);
    expect((again.document.match(/<w:numPr>/g) ?? []).length).toBe(4);
    expect(again.document).toMatch(/<w:tbl>[\s\S]*no knowing use[\s\S]*<\/w:tbl>/);
  });

  it("imports Markdown with footnotes as a raw body", async () => {
    const { wiki } = await richWiki();
    const response = await fetchOnce(`${server.url}/api/v1/wikis/${wiki.id}/import?title=${encodeURIComponent("From Markdown")}`, {
      method: "POST",
      headers: { authorization: `Bearer ${editor.token}`, "content-type": "text/markdown" },
      body: "## Claim\n\nA claim with an authority.[^a]\n\n[^a]: Nicaragua, para 205.\n",
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string };
    const md = (await get(viewer.token, `/pages/${created.id}/export?format=md`)).bytes.toString();
    expect(md).toContain("A claim with an authority.[^1]");
    expect(md).toContain("[^1]: Nicaragua, para 205.");
  });

  it("refuses bad, huge and bomb files with a clear error and creates nothing; viewers may not import", async () => {
    const { wiki } = await richWiki();
    const counts = async () => ({
      pages: (await listPages(wiki.id)).length,
      sources: (await listAllSources(wiki.id)).length,
    });
    const before = await counts();
    const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    const notZip = await upload(editor.token, wiki.id, { bytes: Buffer.from("definitely not a zip"), name: "fake.docx", type: docxType });
    expect(notZip.status).toBe(400);
    expect(notZip.json.error?.message).toMatch(/not a Word document/);

    const notDocx = new JSZip();
    notDocx.file("hello.txt", "a zip, but no Word document in it");
    const wrongZip = await upload(editor.token, wiki.id, {
      bytes: await notDocx.generateAsync({ type: "nodebuffer" }),
      name: "zip.docx",
      type: docxType,
    });
    expect(wrongZip.status).toBe(400);

    // 150 MB of zeros squeezed into a few hundred kilobytes.
    const bomb = new JSZip();
    bomb.file("word/document.xml", Buffer.alloc(150 * 1024 * 1024));
    const bombBytes = await bomb.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
    expect(bombBytes.length).toBeLessThan(200 * 1024);
    const bombed = await upload(editor.token, wiki.id, { bytes: bombBytes, name: "bomb.docx", type: docxType });
    expect(bombed.status).toBe(413);
    expect(bombed.json.error?.message).toMatch(/unpacks to more than/);

    const huge = await upload(editor.token, wiki.id, { bytes: Buffer.alloc(300 * 1024, "a"), name: "huge.md", type: "text/markdown" });
    expect(huge.status).toBe(413);
    expect(huge.json.error?.message).toMatch(/too large/);

    const wrongType = await upload(editor.token, wiki.id, { bytes: Buffer.from("%PDF-1.4"), name: "file.pdf", type: "application/pdf" });
    expect(wrongType.status).toBe(415);

    const byViewer = await upload(viewer.token, wiki.id, { bytes: Buffer.from("# Hi"), name: "hi.md", type: "text/markdown" });
    expect(byViewer.status).toBe(403);
    expect(await counts()).toEqual(before);
  }, 120_000);
});
