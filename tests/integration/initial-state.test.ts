import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Page, Wiki } from "@/db/schema";
import { appendParagraph, connectClient, isAcknowledged, paragraphs, type TestClient } from "../helpers/collab-client";
import { storedPages } from "../helpers/db-snapshot";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { sessionCookie } from "../helpers/session-cookie";
import { waitFor } from "../helpers/wait";
import { withServer } from "../helpers/with-server";

/**
 * The page view sends the page's Yjs state with its HTML (lib/pages/initial-state.ts), so the
 * browser builds the editor's document at once and the sync only fetches what changed. Two
 * promises: only someone who may read the page ever gets it, and it is never newer than what the
 * collab server holds (an edit acknowledged right before the view is in it; one made after the
 * view comes with the sync; the browser has nothing of its own to send back).
 */

type TestUser = Awaited<ReturnType<typeof makeUser>>;

const SECRET = "Initial state secret HERON-41";

// No compaction while the test runs: the newest edits stay in the update log, which the state must include.
const server = withServer({
  prefix: "opinio-initial-state-",
  env: { COMPACT_IDLE_MS: "600000", VERSION_IDLE_MS: "600000", VERSION_MAX_INTERVAL_MS: "600000" },
});
let owner: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let wiki: Wiki;
let page: Page;
const clients: TestClient[] = [];

beforeAll(async () => {
  owner = await makeUser("Orla Owner");
  viewer = await makeUser("Vito Viewer");
  stranger = await makeUser("Sol Stranger");
  ({ wiki, page } = await makeWikiWithMembers(owner, [{ user: viewer, role: "viewer" }], `${SECRET} stays inside the team.`));
  await makeWikiWithMembers(stranger, [], "The stranger's own wiki.");
});

afterAll(() => {
  for (const client of clients) client.destroy();
});

async function view(who: TestUser | null, at: { wiki: Wiki; page: Page } = { wiki, page }) {
  const response = await fetch(`${server.url}/w/${at.wiki.slug}/${at.page.slug}`, {
    headers: who ? { cookie: await sessionCookie(who) } : {},
    redirect: "manual",
  });
  return { status: response.status, html: await response.text() };
}

/** The state the page view put in the HTML, or null. */
function stateIn(html: string): Uint8Array | null {
  const match = /data-collab-state="([A-Za-z0-9+/=]+)"/.exec(html);
  return match ? Uint8Array.from(Buffer.from(match[1], "base64")) : null;
}

function docFrom(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

/** An editor's connection that has appended `text` and had it acknowledged (so it is in the update log). */
async function editAndWait(text: string): Promise<void> {
  const client = connectClient(server.url, page.id, { token: owner.token });
  clients.push(client);
  await waitFor(() => expect(client.provider.isSynced).toBe(true));
  appendParagraph(client.doc, text);
  await waitFor(() => expect(isAcknowledged(client)).toBe(true));
}

/** The page's stored state and log (their update times aside). */
const storedLog = () => storedPages(page.id);

describe("the page's Yjs state in the page view", () => {
  it("goes to readers only: never to someone outside the wiki, nor to a signed-out visitor", async () => {
    const reader = await view(viewer);
    expect(reader.status).toBe(200);
    const state = stateIn(reader.html);
    expect(state).not.toBeNull();
    expect(paragraphs(docFrom(state!))).toEqual([`${SECRET} stays inside the team.`]);

    const base64 = Buffer.from(state!).toString("base64");
    for (const outsider of [stranger, null]) {
      const { status, html } = await view(outsider);
      expect(status).not.toBe(200);
      expect(html).not.toContain("data-collab-state");
      expect(html).not.toContain(base64);
      expect(html).not.toContain(SECRET);
    }
  });

  it("holds an edit acknowledged right before the view, and the sync brings one made after it", async () => {
    await editAndWait("Edited just before the page view.");
    const state = stateIn((await view(viewer)).html);
    expect(state).not.toBeNull();
    expect(paragraphs(docFrom(state!))).toEqual([`${SECRET} stays inside the team.`, "Edited just before the page view."]);

    // An edit between the page view and the browser's sync.
    await editAndWait("Edited after the page view.");
    const before = await storedLog();

    // The browser's path (components/editor/collab.ts): the document starts from the sent state,
    // then syncs. An owner's connection is writable: anything the state held that the server has
    // not got would be sent, and stored.
    const browser = connectClient(server.url, page.id, { cookie: await sessionCookie(owner), origin: server.url });
    clients.push(browser);
    Y.applyUpdate(browser.doc, state!);
    await waitFor(() => expect(isAcknowledged(browser)).toBe(true));
    expect(paragraphs(browser.doc)).toEqual([
      `${SECRET} stays inside the team.`,
      "Edited just before the page view.",
      "Edited after the page view.",
    ]);
    expect(await storedLog()).toBe(before);
  });
});

describe("the page's body in the page view", () => {
  const TEXT = "Sent only once, ORIOLE-7: the body of this page.";
  const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

  it("is in a document request once, in the server's HTML, and its Yjs state once (not again in the RSC payload)", async () => {
    const own = await makeWikiWithMembers(owner, [], TEXT);
    const { status, html } = await view(owner, own);
    expect(status).toBe(200);
    // Readable without JavaScript: the text is in the server-rendered article.
    expect(html).toMatch(new RegExp(`<article[^>]*data-server-html[^>]*>(?:(?!</article>)[\\s\\S])*${TEXT}`));
    expect(occurrences(html, TEXT)).toBe(1);
    const state = stateIn(html);
    expect(state).not.toBeNull();
    expect(paragraphs(docFrom(state!))).toEqual([TEXT]);
    expect(occurrences(html, Buffer.from(state!).toString("base64"))).toBe(1);
  });

  it("comes inline in an RSC payload (client-side navigation), which has no HTML to read it from", async () => {
    const own = await makeWikiWithMembers(owner, [], TEXT);
    // Next redirects once, to add the cache-busting parameter its router would have sent.
    const response = await fetch(`${server.url}/w/${own.wiki.slug}/${own.page.slug}`, {
      headers: { cookie: await sessionCookie(owner), rsc: "1" },
    });
    expect(response.status).toBe(200);
    const payload = await response.text();
    expect(payload).not.toContain("<article");
    expect(occurrences(payload, TEXT)).toBe(1);
  });
});
