import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import type { Page } from "@/db/schema";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { DECIDED_REASON } from "@/lib/suggestions/shadow";
import { connectClient, type TestClient } from "../helpers/collab-client";
import { storedPages, tableRows } from "../helpers/db-snapshot";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { callApi } from "../helpers/server";
import { blockText, markKey, openRawSession, readableBlocks, sendEdit, suggestionAttrs } from "../helpers/raw-collab";
import { holdsFor, waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * The reviewer guard (issue 19) against the real collab server: a reviewer's connection is
 * writable, but only its own suggestions get through. Every update here is a raw Yjs update built
 * by hand and sent frame by frame, as a hostile client would, not through the editor.
 */

type TestUser = Awaited<ReturnType<typeof makeUser>>;

const server = withServer({
  prefix: "opinio-suggestion-guard-",
  env: { COMPACT_IDLE_MS: "600000", VERSION_IDLE_MS: "600000", VERSION_MAX_INTERVAL_MS: "600000" },
});

let owner: TestUser;
let editor: TestUser;
let reviewer: TestUser;
let otherReviewer: TestUser;
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];
const at = "2026-12-04T07:00:00.000Z";

beforeAll(async () => {
  owner = await makeUser("Orla Owner");
  editor = await makeUser("Emil Editor");
  reviewer = await makeUser("Rita Reviewer");
  otherReviewer = await makeUser("Remo Reviewer");
});

afterAll(() => {
  for (const client of clients) client.destroy();
  for (const socket of sockets) socket.terminate();
});

async function freshPage(markdown = "The obligation is binding.\n\nSecond paragraph."): Promise<Page> {
  return (
    await makeWikiWithMembers(
      owner,
      [
        { user: editor, role: "editor" },
        { user: reviewer, role: "reviewer" },
        { user: otherReviewer, role: "reviewer" },
      ],
      markdown,
    )
  ).page;
}

const openSession = (user: TestUser, page: Page) => openRawSession(server.url, user.token, page.id, sockets);
const send = sendEdit;
const textOf = blockText;
const mark = (id: string, authorId: string) => suggestionAttrs(id, authorId, at);
const readable = readableBlocks;

async function watchingEditor(page: Page): Promise<TestClient> {
  const watcher = connectClient(server.url, page.id, { token: editor.token });
  clients.push(watcher);
  await waitFor(() => expect(watcher.provider.isSynced).toBe(true));
  return watcher;
}

const storedState = (pageId: string) => storedPages(pageId);

/** The refusals audited for `userId` on `pageId`, their details parsed. */
async function refusalDetails(pageId: string, userId: string): Promise<{ reason?: string; role?: string }[]> {
  return (await tableRows("audit_events"))
    .filter((row) => row.action === "suggestion.refused" && row.target_id === pageId && row.actor_id === userId)
    .map((row) => JSON.parse(String(row.details)) as { reason?: string; role?: string });
}

const refusalsFor = async (pageId: string, userId: string) => (await refusalDetails(pageId, userId)).length;

describe("a reviewer's honest suggestions", () => {
  it("go through: own insertion, own deletion mark, taking back own text, own block", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const session = await openSession(reviewer, page);
    send(session, (body) => textOf(body, 0).format(18, 7, { [markKey("suggestionDelete", "a")]: mark("s1", reviewer.id) }));
    send(session, (body) => textOf(body, 0).insert(25, "emerging", { [markKey("suggestionInsert", "b")]: mark("s1", reviewer.id) }));
    send(session, (body) => textOf(body, 0).insert(0, "Typo ", { [markKey("suggestionInsert", "c")]: mark("s2", reviewer.id) }));
    await waitFor(() => expect(readable(watcher.doc)[0]).toBe("[+Typo +]The obligation is [-binding-][+emerging+]."));
    // Taking back its own insertion removes the text.
    send(session, (body) => textOf(body, 0).delete(0, 5));
    send(session, (body) => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.setAttribute("suggestion", { kind: "insert", ...mark("s3", reviewer.id) } as never);
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      body.insert(2, [paragraph]);
      text.insert(0, "A new closing paragraph.", { [markKey("suggestionInsert", "d")]: mark("s3", reviewer.id) });
    });
    await waitFor(() =>
      expect(readable(watcher.doc)).toEqual([
        "The obligation is [-binding-][+emerging+].",
        "Second paragraph.",
        "[+A new closing paragraph.+]",
      ]),
    );
    expect(session.closedByServer()).toBe(false);
    expect(await refusalsFor(page.id, reviewer.id)).toBe(0);
  });

  it("of two reviewers on the same words keep both authors", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const rita = await openSession(reviewer, page);
    const remo = await openSession(otherReviewer, page);
    send(rita, (body) => textOf(body, 0).format(18, 7, { [markKey("suggestionDelete", "r")]: mark("r1", reviewer.id) }));
    send(remo, (body) => textOf(body, 0).format(18, 7, { [markKey("suggestionDelete", "o")]: mark("o1", otherReviewer.id) }));
    await waitFor(() => {
      const delta = textOf(watcher.doc.getXmlFragment(DOCUMENT_FRAGMENT), 0).toDelta() as {
        attributes?: Record<string, { authorId: string }>;
      }[];
      const authors = Object.values(delta[1]?.attributes ?? {}).map((attrs) => attrs.authorId);
      expect(authors.sort()).toEqual([reviewer.id, otherReviewer.id].sort());
    });
    expect(rita.closedByServer() || remo.closedByServer()).toBe(false);
  });
});

describe("a reviewer's update that is not only its own suggestions", () => {
  const attacks: [string, (body: Y.XmlFragment, doc: Y.Doc) => void][] = [
    ["a plain insertion", (body) => textOf(body, 0).insert(0, "INJECTED ")],
    ["a plain deletion", (body) => textOf(body, 0).delete(0, 4)],
    ["formatting", (body) => textOf(body, 0).format(0, 3, { bold: {} })],
    [
      // The editor and the server read "suggestionInsert--x" as an unknown mark: the text would show as plain.
      "own text under a mark key that is not a suggestion's",
      (body) => textOf(body, 0).insert(0, "INJECTED ", { "suggestionInsert--x": mark("x0", reviewer.id) }),
    ],
    [
      "an insertion in another user's name",
      (body) => textOf(body, 0).insert(0, "INJECTED ", { suggestionInsert: mark("x1", "someone-else") }),
    ],
    ["a deletion mark in the editor's name", (body) => textOf(body, 0).format(0, 3, { suggestionDelete: mark("x2", "editor-id") })],
    ["removing a whole block", (body) => body.delete(1, 1)],
    ["changing a block's attributes", (body) => (body.get(1) as Y.XmlElement).setAttribute("id", "forged0000")],
    ["touching another Yjs root", (_body, doc) => doc.getMap("settings").set("INJECTED", true)],
  ];

  it.each(attacks)("is refused before it is applied or stored: %s", async (_name, edit) => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const session = await openSession(reviewer, page);
    const before = await storedState(page.id);
    const text = readable(watcher.doc);
    send(session, edit);
    await waitFor(() => expect(session.closedByServer()).toBe(true));
    await holdsFor(async () => {
      expect(await storedState(page.id)).toBe(before);
      expect(readable(watcher.doc)).toEqual(text);
    }, 300);
    expect(await refusalsFor(page.id, reviewer.id)).toBe(1);
  });

  it("is refused when it removes another reviewer's suggestion, and the page keeps it", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const remo = await openSession(otherReviewer, page);
    send(remo, (body) => textOf(body, 0).insert(0, "Remo's ", { [markKey("suggestionInsert", "o")]: mark("o1", otherReviewer.id) }));
    await waitFor(() => expect(readable(watcher.doc)[0]).toBe("[+Remo's +]The obligation is binding."));
    const rita = await openSession(reviewer, page);
    send(rita, (body) => textOf(body, 0).delete(0, 7));
    await waitFor(() => expect(rita.closedByServer()).toBe(true));
    await holdsFor(() => expect(readable(watcher.doc)[0]).toBe("[+Remo's +]The obligation is binding."), 300);
    // Remo, connected all along, may still take back his own suggestion.
    send(remo, (body) => textOf(body, 0).delete(0, 7));
    await waitFor(() => expect(readable(watcher.doc)[0]).toBe("The obligation is binding."));
    expect(remo.closedByServer()).toBe(false);
  });

  it("is refused after honest ones: those stay, and the reviewer can reconnect and go on suggesting", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const first = await openSession(reviewer, page);
    send(first, (body) => textOf(body, 0).insert(0, "Kept ", { [markKey("suggestionInsert", "k")]: mark("k1", reviewer.id) }));
    send(first, (body) => textOf(body, 1).insert(0, "INJECTED "));
    await waitFor(() => expect(first.closedByServer()).toBe(true));
    await holdsFor(() => expect(readable(watcher.doc)).toEqual(["[+Kept +]The obligation is binding.", "Second paragraph."]), 300);
    const again = await openSession(reviewer, page);
    send(again, (body) => textOf(body, 1).insert(0, "Later ", { [markKey("suggestionInsert", "l")]: mark("l1", reviewer.id) }));
    await waitFor(() => expect(readable(watcher.doc)[1]).toBe("[+Later +]Second paragraph."));
    // Many refusals in a row are recorded once per minute, so nobody can flood the audit log.
    for (let i = 0; i < 3; i++) {
      const session = await openSession(reviewer, page);
      // "Kept " is the reviewer's own; the "T" after it is not.
      send(session, (body) => textOf(body, 0).delete(5, 1));
      await waitFor(() => expect(session.closedByServer()).toBe(true));
    }
    expect(await refusalsFor(page.id, reviewer.id)).toBe(1);
  });
});

describe("writing under a suggestion's id once it is decided", () => {
  // A reviewer types at the end of their suggestion while an editor accepts it: the new text
  // carries the accepted suggestion's id. Applied, that id would be pending and decided at once.
  it("is refused (the reviewer resyncs, and typing on makes a new suggestion)", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const rita = await openSession(reviewer, page);
    send(rita, (body) => textOf(body, 0).insert(0, "Rita ", { [markKey("suggestionInsert", "r")]: mark("late1", reviewer.id) }));
    await waitFor(() => expect(readable(watcher.doc)[0]).toBe("[+Rita +]The obligation is binding."));
    expect((await callApi(server, editor.token, "POST", "/suggestions/late1/accept")).status).toBe(200);
    await waitFor(() => expect(readable(rita.replica)[0]).toBe("Rita The obligation is binding."));
    const before = await storedState(page.id);
    send(rita, (body) => textOf(body, 0).insert(5, "again ", { [markKey("suggestionInsert", "r")]: mark("late1", reviewer.id) }));
    await waitFor(() => expect(rita.closedByServer()).toBe(true));
    await holdsFor(async () => {
      expect(await storedState(page.id)).toBe(before);
      expect(readable(watcher.doc)[0]).toBe("Rita The obligation is binding.");
    }, 300);
    expect(await refusalDetails(page.id, reviewer.id)).toEqual([expect.objectContaining({ reason: DECIDED_REASON, role: "reviewer" })]);
    const listed = await callApi(server, editor.token, "GET", `/pages/${page.id}/suggestions`);
    expect(listed.json.suggestions).toEqual([expect.objectContaining({ id: "late1", status: "accepted" })]);

    const again = await openSession(reviewer, page);
    send(again, (body) => textOf(body, 0).insert(5, "again ", { [markKey("suggestionInsert", "r")]: mark("late2", reviewer.id) }));
    await waitFor(() => expect(readable(watcher.doc)[0]).toBe("Rita [+again +]The obligation is binding."));
    expect(again.closedByServer()).toBe(false);
    watcher.destroy();
  });

  it("is refused for an editor's own suggestion too", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const emil = await openSession(editor, page);
    send(emil, (body) => textOf(body, 1).insert(0, "Emil ", { [markKey("suggestionInsert", "e")]: mark("late3", editor.id) }));
    await waitFor(() => expect(readable(watcher.doc)[1]).toBe("[+Emil +]Second paragraph."));
    expect((await callApi(server, owner.token, "POST", "/suggestions/late3/reject")).status).toBe(200);
    await waitFor(() => expect(readable(emil.replica)[1]).toBe("Second paragraph."));
    send(emil, (body) => textOf(body, 1).insert(0, "Emil ", { [markKey("suggestionInsert", "e")]: mark("late3", editor.id) }));
    await waitFor(() => expect(emil.closedByServer()).toBe(true));
    await holdsFor(() => expect(readable(watcher.doc)[1]).toBe("Second paragraph."), 300);
    expect(await refusalDetails(page.id, editor.id)).toEqual([expect.objectContaining({ reason: DECIDED_REASON, role: "editor" })]);
    watcher.destroy();
  });
});

describe("editors", () => {
  const forgeries: [string, (body: Y.XmlFragment) => void][] = [
    [
      "an insertion in a reviewer's name",
      (body) => textOf(body, 0).insert(0, "FORGED ", { [markKey("suggestionInsert", "f")]: mark("f1", reviewer.id) }),
    ],
    [
      "a deletion mark in a reviewer's name",
      (body) => textOf(body, 0).format(4, 10, { [markKey("suggestionDelete", "g")]: mark("f2", reviewer.id) }),
    ],
    [
      "a block suggestion in a reviewer's name",
      (body) => (body.get(1) as Y.XmlElement).setAttribute("suggestion", { kind: "delete", ...mark("f3", reviewer.id) } as never),
    ],
    [
      // The reviewer's real pending suggestion's id, on new text under another reviewer's name.
      "a reviewer's suggestion id under another reviewer's name",
      (body) => textOf(body, 1).insert(0, "FORGED ", { [markKey("suggestionInsert", "h")]: mark("r0", otherReviewer.id) }),
    ],
  ];

  it.each(forgeries)("may not write a suggestion in someone else's name: %s", async (_name, edit) => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const rita = await openSession(reviewer, page);
    send(rita, (body) => textOf(body, 0).insert(0, "Rita ", { [markKey("suggestionInsert", "r")]: mark("r0", reviewer.id) }));
    await waitFor(() => expect(readable(watcher.doc)[0]).toBe("[+Rita +]The obligation is binding."));
    const session = await openSession(editor, page);
    const before = await storedState(page.id);
    const text = readable(watcher.doc);
    send(session, edit);
    await waitFor(() => expect(session.closedByServer()).toBe(true));
    await holdsFor(async () => {
      expect(await storedState(page.id)).toBe(before);
      expect(readable(watcher.doc)).toEqual(text);
    }, 300);
    expect(await refusalDetails(page.id, editor.id)).toEqual([
      expect.objectContaining({ reason: "it adds a suggestion in someone else's name", role: "editor" }),
    ]);
    // Each person may hold only so many sockets: these tests open many.
    watcher.destroy();
    rita.ws.terminate();
  });

  it("may suggest in their own name, and move, accept and reject anyone's suggestions by editing", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const rita = await openSession(reviewer, page);
    send(rita, (body) => textOf(body, 0).format(18, 7, { [markKey("suggestionDelete", "r")]: mark("r1", reviewer.id) }));
    send(rita, (body) => textOf(body, 1).insert(0, "New ", { [markKey("suggestionInsert", "s")]: mark("r2", reviewer.id) }));
    await waitFor(() => expect(readable(watcher.doc)).toEqual(["The obligation is [-binding-].", "[+New +]Second paragraph."]));
    const session = await openSession(editor, page);
    // Enter in front of the reviewer's strike: the struck text moves, marks and all, into a new paragraph.
    send(session, (body) => {
      const moved = textOf(body, 0).toDelta().slice(1) as { insert: string; attributes?: Record<string, unknown> }[];
      textOf(body, 0).delete(18, 8);
      const paragraph = new Y.XmlElement("paragraph");
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      body.insert(1, [paragraph]);
      let at = 0;
      for (const op of moved) {
        text.insert(at, op.insert, op.attributes ?? {});
        at += op.insert.length;
      }
    });
    await waitFor(() => expect(readable(watcher.doc)).toEqual(["The obligation is ", "[-binding-].", "[+New +]Second paragraph."]));
    // Its own suggestion, then accepting the reviewer's insertion (dropping the mark) and rejecting the strike.
    send(session, (body) => textOf(body, 0).insert(0, "Mine ", { [markKey("suggestionInsert", "e")]: mark("e1", editor.id) }));
    send(session, (body) => textOf(body, 2).format(0, 4, { [markKey("suggestionInsert", "s")]: null }));
    send(session, (body) => textOf(body, 1).format(0, 7, { [markKey("suggestionDelete", "r")]: null }));
    await waitFor(() => expect(readable(watcher.doc)).toEqual(["[+Mine +]The obligation is ", "binding.", "New Second paragraph."]));
    expect(session.closedByServer()).toBe(false);
    expect(await refusalDetails(page.id, editor.id)).toEqual([]);
    watcher.destroy();
    session.ws.terminate();
    rita.ws.terminate();
  });

  it("may bring back a reviewer's suggestion they deleted (undo), or copy it, since it is that reviewer's own", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const rita = await openSession(reviewer, page);
    send(rita, (body) => textOf(body, 1).insert(0, "New ", { [markKey("suggestionInsert", "s")]: mark("r3", reviewer.id) }));
    await waitFor(() => expect(readable(watcher.doc)[1]).toBe("[+New +]Second paragraph."));
    const session = await openSession(editor, page);
    // The editor deletes the paragraph, then undoes it: the undo writes it afresh, the reviewer's mark with it.
    send(session, (body) => body.delete(1, 1));
    await waitFor(() => expect(readable(watcher.doc)).toEqual(["The obligation is binding."]));
    send(session, (body) => {
      const paragraph = new Y.XmlElement("paragraph");
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      body.insert(1, [paragraph]);
      text.insert(0, "New ", { [markKey("suggestionInsert", "s")]: mark("r3", reviewer.id) });
      // Yjs would carry the mark on to text inserted right after it unless told otherwise.
      text.insert(4, "Second paragraph.", { [markKey("suggestionInsert", "s")]: null });
    });
    // And pastes a copy of it at the start of the first paragraph.
    send(session, (body) => textOf(body, 0).insert(0, "New ", { [markKey("suggestionInsert", "s")]: mark("r3", reviewer.id) }));
    await waitFor(() => expect(readable(watcher.doc)).toEqual(["[+New +]The obligation is binding.", "[+New +]Second paragraph."]));
    expect(session.closedByServer()).toBe(false);
    expect(await refusalDetails(page.id, editor.id)).toEqual([]);
    watcher.destroy();
    session.ws.terminate();
    rita.ws.terminate();
  });

  it("are not judged: plain edits and formatting go through", async () => {
    const page = await freshPage();
    const watcher = await watchingEditor(page);
    const session = await openSession(editor, page);
    send(session, (body) => textOf(body, 0).insert(0, "Edited: "));
    send(session, (body) => body.delete(1, 1));
    await waitFor(() => expect(readable(watcher.doc)).toEqual(["Edited: The obligation is binding."]));
    expect(session.closedByServer()).toBe(false);
  });
});
