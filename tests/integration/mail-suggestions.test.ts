import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { closeDb, getDbHandle } from "@/db/client";
import { countUnreadNotifications } from "@/db/queries/comments";
import { readNotificationSettings } from "@/db/queries/notification-mail";
import type { Page } from "@/db/schema";
import { saveNotificationSettings } from "@/lib/commands/notification-settings";
import { createPage } from "@/lib/commands/pages";
import { addMember, createWiki } from "@/lib/commands/wikis";
import { BURST_QUIET_MS, collectNotificationMail } from "@/lib/mail/notifications";
import { makeUser, useDataDir } from "../helpers/fixtures";
import { blockText, markKey, openRawSession, sendEdit, suggestionAttrs, type RawSession } from "../helpers/raw-collab";
import { callApi, makeDataDir, startServer, TEST_SECRET, type RunningServer } from "../helpers/server";
import { sessionCookie } from "../helpers/session-cookie";
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from "../helpers/smtp";
import { actionId, encodeReply } from "../helpers/server-actions";
import { holdsFor, waitFor } from "../helpers/wait";

/**
 * Suggestions and decisions reach people (issue 18, on issue 19's suggestions), end to end: the
 * real server (a production build) with SMTP_URL pointing at a real SMTP server started here. A
 * reviewer's suggestions are raw Yjs updates sent over /collab, as the guard's tests send them;
 * the server notices them where it stores the page. Mail is collected in this process with the
 * clock moved past the burst window (the collector's clock is a parameter) and delivered by the
 * server's own sender from the shared outbox.
 */

type TestUser = Awaited<ReturnType<typeof makeUser>>;

const MAIL_FROM = "Opinio <wiki@opinio.test>";
let smtp: TestSmtpServer;
let server: RunningServer;
let dataDir: string;
const sockets: WebSocket[] = [];
const savedEnv: Record<string, string | undefined> = {};

// Pages are compacted (and their suggestions noticed) 100 ms after editing pauses; versions, which
// credit who wrote a page, are recorded 300 ms after.
const serverEnv = () => ({
  SMTP_URL: smtp.url,
  MAIL_FROM,
  MAIL_RETRY_MS: "200",
  COMPACT_IDLE_MS: "100",
  VERSION_IDLE_MS: "300",
});

beforeAll(async () => {
  smtp = await startSmtpServer();
  dataDir = makeDataDir("opinio-mail-suggestions-");
  server = await startServer({ dataDir, env: serverEnv() });
  useDataDir(dataDir);
  // This process writes the collected mail into the outbox (e-mail on) with links the server
  // accepts (its secret signs the unsubscribe links).
  for (const [key, value] of Object.entries({ SMTP_URL: smtp.url, MAIL_FROM, AUTH_SECRET: TEST_SECRET })) {
    savedEnv[key] = process.env[key];
    process.env[key] = value;
  }
});

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await server?.kill();
  await smtp?.close();
  closeDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

type InboxEntry = {
  id: string;
  kind: string;
  read: boolean;
  page: { id: string; title: string };
  author: string | null;
  threadId: string | null;
  suggestion: { id: string; text: string | null; status: string } | null;
};

async function inbox(user: TestUser, pageId: string): Promise<InboxEntry[]> {
  const reply = await callApi(server, user.token, "GET", "/me/inbox");
  expect(reply.status).toBe(200);
  return (reply.json.items as InboxEntry[]).filter((item) => item.page.id === pageId);
}

/** Waits until `user`'s inbox holds `count` items on the page, and returns them. */
async function inboxHolds(user: TestUser, pageId: string, count: number): Promise<InboxEntry[]> {
  return waitFor(async () => {
    const items = await inbox(user, pageId);
    expect(items).toHaveLength(count);
    return items;
  });
}

/** Turns every waiting item into mail as if the burst window had passed. */
const collect = () => collectNotificationMail(new Date(Date.now() + BURST_QUIET_MS), server.url);

/** The mails that arrived for `to`, once `count` of them have (the server's sender polls the outbox). */
async function mailsTo(to: string, count: number): Promise<ReceivedMail[]> {
  return waitFor(
    () => {
      const mails = smtp.received.filter((m) => m.envelopeTo.includes(to));
      expect(mails).toHaveLength(count);
      return mails;
    },
    { timeout: 30_000 },
  );
}

/** No mail for `to` arrives during a good while (longer than the sender's poll of the outbox). */
async function noMailTo(to: string): Promise<void> {
  await holdsFor(() => expect(smtp.received.filter((m) => m.envelopeTo.includes(to))).toEqual([]), 6_000);
}

/** The first address in a mail's text that follows `after`. */
function linkAfter(mail: ReceivedMail, after: string): string {
  const text = mail.mail.text ?? "";
  const at = text.indexOf(after);
  const link = at < 0 ? null : /(https?:\/\/\S+)/.exec(text.slice(at))?.[1];
  if (!link) throw new Error(`no link after "${after}" in:\n${text}`);
  return link;
}

const headerLines = (mail: ReceivedMail) =>
  mail.raw
    .split("\r\n\r\n")[0]
    .replace(/\r\n[ \t]+/g, " ")
    .split("\r\n");

async function team(names: { owner?: string; title?: string; reviewer?: string } = {}) {
  const owner = await makeUser(names.owner ?? "Orla Owner");
  const editor = await makeUser("Emil Editor");
  const reviewer = await makeUser(names.reviewer ?? "Rita Reviewer");
  const wiki = await createWiki({ name: `Wiki ${randomUUID().slice(0, 8)}`, description: "" }, owner.id);
  await addMember(wiki.id, editor.email, "editor", owner.id);
  await addMember(wiki.id, reviewer.email, "reviewer", owner.id);
  const page = await createPage(
    { wikiId: wiki.id, title: names.title ?? "Attribution", markdown: "The obligation is binding.\n\nSecond paragraph." },
    owner.id,
  );
  return { owner, editor, reviewer, wiki, page };
}

const open = (user: TestUser, page: Page): Promise<RawSession> => openRawSession(server.url, user.token, page.id, sockets);
const newSuggestionId = () => `s-${randomUUID()}`;

/** Suggests inserting `text` at `offset` of the first paragraph, as `author`, under suggestion `id`. */
function suggestInsert(session: RawSession, author: TestUser, id: string, offset: number, text: string): void {
  sendEdit(session, (body) =>
    blockText(body, 0).insert(offset, text, { [markKey("suggestionInsert", id)]: suggestionAttrs(id, author.id) }),
  );
}

/** Waits until the page's stored body holds `text` (the server compacted it). */
async function storedHolds(pageId: string, text: string): Promise<void> {
  const { sqlite } = getDbHandle();
  await waitFor(() => {
    const row = sqlite.prepare("SELECT json FROM page_contents WHERE page_id = ?").get(pageId) as { json: string };
    expect(row.json).toContain(text);
  });
}

function suggestionNotices(pageId: string): { user_id: string; suggestion_id: string }[] {
  const { sqlite } = getDbHandle();
  return sqlite
    .prepare("SELECT user_id, suggestion_id FROM notifications WHERE page_id = ? AND kind = 'suggestion' ORDER BY created_at")
    .all(pageId) as { user_id: string; suggestion_id: string }[];
}

describe("a suggestion on a page", () => {
  it("puts one item in the page creator's Inbox and sends one mail whose link opens the page", async () => {
    const { owner, reviewer, page } = await team();
    const id = newSuggestionId();
    const session = await open(reviewer, page);
    suggestInsert(session, reviewer, id, 18, "emerging ");

    const [item] = await inboxHolds(owner, page.id, 1);
    expect(item).toMatchObject({
      kind: "suggestion",
      read: false,
      author: "Rita Reviewer",
      threadId: null,
      page: { id: page.id, title: "Attribution" },
      suggestion: { id, text: "Insert 'emerging'", status: "pending" },
    });
    // Never the suggester.
    expect(await inbox(reviewer, page.id)).toEqual([]);

    // The reviewer goes on typing the same suggestion: still one item, which reads as it does now.
    suggestInsert(session, reviewer, id, 27, "and settled ");
    await storedHolds(page.id, "and settled");
    await holdsFor(async () => expect(await inbox(owner, page.id)).toHaveLength(1), 500);
    expect((await inbox(owner, page.id))[0].suggestion?.text).toBe("Insert 'emerging and settled'");

    expect(await collect()).toBeGreaterThanOrEqual(1);
    const [mail] = await mailsTo(owner.email, 1);
    expect(mail.envelopeTo).toEqual([owner.email]);
    expect(mail.mail.subject).toBe("Rita Reviewer suggested a change on “Attribution”");
    expect(mail.mail.text).toContain("Rita Reviewer suggested a change:\n\nInsert 'emerging and settled'");
    expect(headerLines(mail)).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");

    // The link opens the page, for its reader.
    const link = linkAfter(mail, "Open the page:");
    expect(link.startsWith(`${server.url}/w/`) && link.endsWith(`/${page.slug}`)).toBe(true);
    const opened = await fetch(link, { headers: { cookie: await sessionCookie(owner) } });
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain("The obligation is");

    // Counted beside the header's Inbox link, and marked read as every Inbox item is.
    expect(await countUnreadNotifications(owner.id)).toBe(1);
    expect((await callApi(server, owner.token, "POST", "/me/inbox")).status).toBe(200);
    expect((await inbox(owner, page.id))[0].read).toBe(true);
    expect(await countUnreadNotifications(owner.id)).toBe(0);
  });

  it("turns a burst of three suggestions into one mail, and notices each once, across a restart", async () => {
    const { owner, reviewer, page } = await team();
    const ids = [newSuggestionId(), newSuggestionId(), newSuggestionId()];
    const session = await open(reviewer, page);
    suggestInsert(session, reviewer, ids[0], 0, "Arguably, ");
    await inboxHolds(owner, page.id, 1);
    suggestInsert(session, reviewer, ids[1], 10, "the ");
    await inboxHolds(owner, page.id, 2);
    suggestInsert(session, reviewer, ids[2], 14, "whole ");
    const items = await inboxHolds(owner, page.id, 3);
    expect(items.map((i) => i.suggestion?.id).sort()).toEqual([...ids].sort());

    // The notices live in the database: after a restart (which compacts the page again on the
    // way down and when it is next opened) and another edit, nobody is told twice.
    const port = server.port;
    await server.kill();
    server = await startServer({ dataDir, port, env: serverEnv() });
    const again = await open(reviewer, page);
    suggestInsert(again, reviewer, ids[2], 14, "very ");
    await storedHolds(page.id, "very");
    await holdsFor(() => expect(suggestionNotices(page.id)).toHaveLength(3), 500);

    await collect();
    const [mail] = await mailsTo(owner.email, 1);
    expect(mail.mail.subject).toBe("3 suggested changes on “Attribution”");
    expect(mail.mail.text).toContain("Insert 'Arguably,'");
    expect(mail.mail.text).toContain("Insert 'very whole'");
    // Longer than the sender's poll of the outbox: a second mail would have arrived.
    await holdsFor(() => expect(smtp.received.filter((m) => m.envelopeTo.includes(owner.email))).toHaveLength(1), 6_000);
  });

  it("tells the editors who wrote the page too, and never the person who suggested", async () => {
    const { owner, editor, page } = await team();
    // The editor writes on the page; once a version credits them, they hear of suggestions too.
    const editing = await open(editor, page);
    sendEdit(editing, (body) => blockText(body, 1).insert(0, "Indeed: "));
    await waitFor(() => {
      const { sqlite } = getDbHandle();
      const credited = sqlite
        .prepare("SELECT contributors FROM page_revisions WHERE page_id = ? AND contributors LIKE ?")
        .get(page.id, `%${editor.id}%`);
      expect(credited).toBeDefined();
    });
    // The page's creator suggests on their own page: the editor hears of it, the creator does not.
    const ownId = newSuggestionId();
    const owning = await open(owner, page);
    suggestInsert(owning, owner, ownId, 0, "Plainly, ");
    await waitFor(() => expect(suggestionNotices(page.id)).toEqual([{ user_id: editor.id, suggestion_id: ownId }]));
    await holdsFor(async () => expect(await inbox(owner, page.id)).toEqual([]), 500);
    const [item] = await inbox(editor, page.id);
    expect(item).toMatchObject({ kind: "suggestion", author: "Orla Owner", suggestion: { id: ownId, text: "Insert 'Plainly,'" } });
  });
});

describe("a decision on a suggestion", () => {
  it("tells the suggestion's author by Inbox and mail; an editor deciding their own is told nothing", async () => {
    const { owner, editor, reviewer, page } = await team();
    const reviewerId = newSuggestionId();
    const editorId = newSuggestionId();
    const rejectedId = newSuggestionId();
    suggestInsert(await open(reviewer, page), reviewer, reviewerId, 18, "emerging ");
    suggestInsert(await open(editor, page), editor, editorId, 0, "Today, ");
    await waitFor(() =>
      expect(
        suggestionNotices(page.id)
          .map((n) => n.suggestion_id)
          .sort(),
      ).toEqual([reviewerId, editorId].sort()),
    );
    // Everything so far is mailed and out of the way.
    await collect();
    await mailsTo(owner.email, 1);

    expect((await callApi(server, owner.token, "POST", `/suggestions/${reviewerId}/accept`)).status).toBe(200);
    expect((await callApi(server, editor.token, "POST", `/suggestions/${editorId}/accept`)).status).toBe(200);
    const [decision] = await inboxHolds(reviewer, page.id, 1);
    expect(decision).toMatchObject({
      kind: "decision",
      author: "Orla Owner",
      suggestion: { id: reviewerId, text: "Insert 'emerging'", status: "accepted" },
    });
    // No item, and so no mail, for deciding one's own suggestion.
    expect((await inbox(editor, page.id)).filter((i) => i.kind === "decision")).toEqual([]);

    await collect();
    const [mail] = await mailsTo(reviewer.email, 1);
    expect(mail.mail.subject).toBe("Orla Owner accepted your suggestion on “Attribution”");
    expect(mail.mail.text).toContain("Orla Owner accepted your suggestion:\n\nInsert 'emerging'");

    // A rejection says so; a withdrawal tells nobody.
    const session = await open(reviewer, page);
    suggestInsert(session, reviewer, rejectedId, 0, "Surely ");
    await waitFor(() => expect(suggestionNotices(page.id).map((n) => n.suggestion_id)).toContain(rejectedId));
    expect((await callApi(server, owner.token, "POST", `/suggestions/${rejectedId}/reject`)).status).toBe(200);
    const withdrawnId = newSuggestionId();
    suggestInsert(session, reviewer, withdrawnId, 0, "Perhaps ");
    await waitFor(() => expect(suggestionNotices(page.id).map((n) => n.suggestion_id)).toContain(withdrawnId));
    expect((await callApi(server, reviewer.token, "POST", `/suggestions/${withdrawnId}/withdraw`)).status).toBe(200);
    const items = await inboxHolds(reviewer, page.id, 2);
    expect(items.map((i) => [i.suggestion?.id, i.suggestion?.status])).toEqual([
      [rejectedId, "rejected"],
      [reviewerId, "accepted"],
    ]);
    await collect();
    const mails = await mailsTo(reviewer.email, 2);
    expect(mails[1].mail.subject).toBe("Orla Owner rejected your suggestion on “Attribution”");
    // The editor, credited for the page by now, hears of the reviewer's later suggestions, but
    // of no decision.
    await holdsFor(
      () =>
        expect(smtp.received.filter((m) => m.envelopeTo.includes(editor.email) && /your suggestion/.test(m.mail.subject ?? ""))).toEqual(
          [],
        ),
      6_000,
    );
  });
});

describe("choosing and unsubscribing", () => {
  it("sends nothing for a kind set to never, while the Inbox still shows it", async () => {
    const { owner, reviewer, page } = await team();
    await saveNotificationSettings(owner.id, { suggestion: "never" });
    suggestInsert(await open(reviewer, page), reviewer, newSuggestionId(), 18, "emerging ");
    await inboxHolds(owner, page.id, 1);
    await collect();
    await noMailTo(owner.email);
  });

  it("stops one kind from the link in the mail, without signing in; the one-click header stops all", async () => {
    const { owner, reviewer, page } = await team();
    suggestInsert(await open(reviewer, page), reviewer, newSuggestionId(), 18, "emerging ");
    await inboxHolds(owner, page.id, 1);
    await collect();
    const [mail] = await mailsTo(owner.email, 1);

    const link = linkAfter(mail, "No more e-mails about suggested changes to your pages:");
    const asked = await fetch(link);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("Stop e-mails about suggested changes to your pages?");
    const token = decodeURIComponent(new URL(link).pathname.split("/").pop()!);
    const submitted = await fetch(link, {
      method: "POST",
      headers: { accept: "text/x-component", "next-action": actionId("app/unsubscribe/actions.ts#unsubscribeAction"), origin: server.url },
      body: await encodeReply([token, undefined, new FormData()]),
    });
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toContain("no more e-mails about suggested changes to your pages");
    expect(await readNotificationSettings(owner.id)).toEqual({
      mention: "immediately",
      reply: "immediately",
      suggestion: "never",
      decision: "immediately",
    });

    const oneClick = /^List-Unsubscribe: <(.+)>$/.exec(headerLines(mail).find((l) => l.startsWith("List-Unsubscribe: "))!)![1];
    const clicked = await fetch(oneClick, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(clicked.status).toBe(200);
    expect(await readNotificationSettings(owner.id)).toEqual({ mention: "never", reply: "never", suggestion: "never", decision: "never" });
  });

  it("keeps a line break in a suggester's name or a page title from adding a recipient or a header", async () => {
    const { owner, reviewer, page } = await team({
      reviewer: "Mallory\r\nBcc: victim@example.test",
      title: "Attribution\r\nX-Evil: 1",
    });
    suggestInsert(await open(reviewer, page), reviewer, newSuggestionId(), 18, "emerging ");
    await inboxHolds(owner, page.id, 1);
    await collect();
    const [mail] = await mailsTo(owner.email, 1);
    expect(mail.envelopeTo).toEqual([owner.email]);
    expect(mail.mail.bcc).toBeUndefined();
    expect(mail.mail.headers.has("x-evil")).toBe(false);
    expect(mail.mail.subject).toBe("Mallory Bcc: victim@example.test suggested a change on “Attribution X-Evil: 1”");
    await noMailTo("victim@example.test");
  });
});
