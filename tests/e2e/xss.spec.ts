import type { Page } from "@playwright/test";
import * as Y from "yjs";
import { createApiToken } from "@/lib/commands/tokens";
import { createFirstUser } from "@/lib/commands/users";
import { addMember, createWiki } from "@/lib/commands/wikis";
import { createPage } from "@/lib/commands/pages";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { pageUrl } from "@/lib/wikis/access";
import { connectClient, isAcknowledged } from "../helpers/collab-client";
import { makeUser } from "../helpers/fixtures";
import { waitFor } from "../helpers/wait";
import { DANGEROUS_HREFS, HTML_PAYLOADS, REQUEST_HREFS, TEXT_PAYLOADS, markdownPayload, pastedHtml } from "../security/xss-payloads";
import { apiOk, editor, expect, test, waitForLiveEditor, type Credentials } from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * Promise 9, "no stored XSS": payloads go in through every door (pasted HTML, Markdown page
 * creation, raw Yjs updates that bypass the editor, comments, page titles, version names, user
 * names, wiki names) and every screen that shows them is opened in Chromium. No payload may run:
 * alert/confirm/prompt are replaced by recorders before any page script, dialogs are watched, and
 * the DOM is searched for event-handler attributes and script URLs. The Content-Security-Policy
 * is checked as a second wall: it must have no 'unsafe-inline' for scripts, must block an
 * injected inline handler, and must report no violation on any screen (Next's own scripts carry
 * the nonce).
 */
test.describe.configure({ mode: "serial", timeout: 120_000 });

const OWNER: Credentials = { name: `Olga ${TEXT_PAYLOADS[0]}`, email: "olga@example.test", password: "no-script-ever-runs-2025" };

// The CSP refusals this spec provokes on purpose are checked by its own tests, not after each one.
const own = ownServer("xss", { VERSION_IDLE_MS: "500" }, { checkPageErrors: false });
let session: Session;
let wikiSlug: string;
const paths: Record<"markdown" | "yjs" | "paste", string> = { markdown: "", yjs: "", paste: "" };
/** Recorded by the page's console, per page object. */
const cspMessages = new WeakMap<Page, string[]>();
const dialogs: string[] = [];

const api = (method: string, path: string, token: string, body?: unknown) => apiOk(own.state, token, method, path, body);

/** Runs in the page before any of its scripts: recorders for every way a payload could show itself. */
function installTripwires(): void {
  const hits: string[] = [];
  const violations: string[] = [];
  Object.assign(window, { __xssHits: hits, __cspViolations: violations });
  const record =
    (kind: string) =>
    (...args: unknown[]) =>
      void hits.push(`${kind}(${args.map(String).join(",")})`);
  window.alert = record("alert");
  window.confirm = ((...args: unknown[]) => (record("confirm")(...args), false)) as typeof window.confirm;
  window.prompt = ((...args: unknown[]) => (record("prompt")(...args), null)) as typeof window.prompt;
  document.addEventListener(
    "securitypolicyviolation",
    (event) =>
      void violations.push(
        `${event.violatedDirective} ${event.blockedURI} ${event.sample} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      ),
  );
}

/** Everything in the DOM that would run script if clicked, loaded or focused. */
function scriptableThings(): string[] {
  const problems: string[] = [];
  const urlAttributes = new Set(["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"]);
  for (const element of document.body.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) problems.push(`<${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value}">`);
      if (urlAttributes.has(attribute.name.toLowerCase())) {
        // Browsers ignore whitespace and control characters around and inside a scheme.
        const value = attribute.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
        if (/^(javascript|vbscript):/.test(value) || /^data:(?!image\/(png|gif|jpeg|webp);)/.test(value))
          problems.push(`<${element.tagName.toLowerCase()} ${attribute.name}="${attribute.value}">`);
      }
    }
    if (["IFRAME", "OBJECT", "EMBED", "BASE", "META", "FRAME"].includes(element.tagName))
      problems.push(`<${element.tagName.toLowerCase()}>`);
    // Next's own inline scripts carry the response's nonce (their RSC data may quote a payload as
    // JSON text); the chunks they load come from /_next/. Anything else is not ours.
    if (
      element instanceof HTMLScriptElement &&
      !element.nonce &&
      !new URL(element.src || "about:blank", location.href).pathname.startsWith("/_next/")
    ) {
      problems.push(`<script>${(element.textContent ?? "").slice(0, 60)}`);
    }
    if (element.tagName.toLowerCase() === "script" && element.namespaceURI === "http://www.w3.org/2000/svg") problems.push("<svg:script>");
  }
  return problems;
}

/** Opens a screen and asserts nothing ran, nothing can run, and the CSP saw nothing to block. */
async function visitAndCheck(page: Page, path: string, ready?: (page: Page) => Promise<void>): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  if (ready) await ready(page);
  // Time is the point: late handlers (onerror of failed images, autofocus, ontoggle) fire on no
  // event a test could wait for, so they get a window in which nothing may run.
  await page.waitForTimeout(600);
  await expectClean(page, path);
}

async function expectClean(page: Page, where: string, options: { parsedHandlers?: boolean } = {}): Promise<void> {
  const {
    hits,
    violations: reported,
    problems,
  } = await page.evaluate(
    (check) => ({
      hits: (window as unknown as { __xssHits: string[] }).__xssHits,
      violations: (window as unknown as { __cspViolations: string[] }).__cspViolations,
      problems: new Function(`return (${check})()`)() as string[],
    }),
    scriptableThings.toString(),
  );
  // ProseMirror parses pasted HTML in a detached document (where nothing loads or runs), and
  // Chromium checks the CSP as soon as it meets a handler attribute, even there: those refusals
  // ("script-src-attr", from the parse) are the policy agreeing, not a page trying to run script.
  const violations = options.parsedHandlers ? reported.filter((v) => !v.startsWith("script-src-attr inline ")) : reported;
  expect(hits, `${where}: script ran`).toEqual([]);
  expect(dialogs, `${where}: a dialog opened`).toEqual([]);
  expect(problems, `${where}: scriptable markup in the DOM`).toEqual([]);
  expect(violations, `${where}: CSP violations`).toEqual([]);
  expect(cspMessages.get(page) ?? [], `${where}: CSP console messages`).toEqual([]);
}

function watch(page: Page): void {
  const messages: string[] = [];
  cspMessages.set(page, messages);
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) messages.push(message.text());
  });
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
}

/** Writes hostile structure straight into a page's Yjs document, as a client bypassing the editor would. */
async function writeRawYjs(pageId: string, token: string): Promise<void> {
  const client = connectClient(own.state.url, pageId, { token });
  try {
    await waitFor(() => expect(client.provider.isSynced).toBe(true));
    const fragment = client.doc.getXmlFragment(DOCUMENT_FRAGMENT);
    const paragraph = (text: string, attrs: Record<string, string> = {}, marks?: Record<string, unknown>) => {
      const element = new Y.XmlElement("paragraph");
      for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value);
      const content = new Y.XmlText();
      content.insert(0, text, marks);
      element.insert(0, [content]);
      return element;
    };
    const unknown = (name: string, attrs: Record<string, string>, text = "") => {
      const element = new Y.XmlElement(name);
      for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value);
      if (text) element.insert(0, [new Y.XmlText(text)]);
      return element;
    };
    const heading = new Y.XmlElement("heading");
    heading.setAttribute("level", "1\" onmouseover=\"alert('yjs-level')");
    heading.insert(0, [new Y.XmlText("A heading with a hostile level")]);
    const wikiLink = new Y.XmlElement("wikiLink");
    wikiLink.setAttribute("pageId", "\"><img src=x onerror=alert('yjs-wikilink')>");
    wikiLink.setAttribute("title", "<img src=x onerror=alert('yjs-wikilink-title')>");
    const linkHolder = new Y.XmlElement("paragraph");
    linkHolder.insert(0, [new Y.XmlText("before "), wikiLink]);
    client.doc.transact(() => {
      fragment.insert(fragment.length, [
        ...DANGEROUS_HREFS.map((href, i) => paragraph(`yjs link ${i}`, {}, { link: { href } })),
        paragraph("paragraph with handlers", { onclick: "alert('yjs-onclick')", style: "background:url(javascript:alert('yjs-style'))" }),
        paragraph("<img src=x onerror=alert('yjs-text')>"),
        unknown("script", {}, "alert('yjs-script')"),
        unknown("img", { src: "x", onerror: "alert('yjs-img')" }),
        unknown("iframe", { src: "javascript:alert('yjs-iframe')" }),
        unknown("svg", { onload: "alert('yjs-svg')" }),
        heading,
        linkHolder,
      ]);
    });
    await waitFor(() => expect(isAcknowledged(client)).toBe(true));
  } finally {
    client.destroy();
  }
}

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(120_000);
  await own.start();
  const owner = await createFirstUser(OWNER);
  const wiki = await createWiki({ name: `Wiki ${TEXT_PAYLOADS[1]}`, description: HTML_PAYLOADS[0] }, owner.id);
  wikiSlug = wiki.slug;
  const commenter = await makeUser(`Cai ${TEXT_PAYLOADS[2]}`);
  await addMember(wiki.id, commenter.email, "commenter", owner.id);
  const ownerToken = (await createApiToken(owner.id, "xss")).token;

  // Markdown through the REST API, with a hostile title.
  const markdownPage = await api("POST", `/wikis/${wiki.id}/pages`, ownerToken, { title: TEXT_PAYLOADS[0], markdown: markdownPayload() });
  paths.markdown = pageUrl(wiki.slug, markdownPage.slug as string);
  await api("POST", `/pages/${markdownPage.id}/versions`, ownerToken, { name: TEXT_PAYLOADS[3], note: HTML_PAYLOADS[1] });

  // Comments: threads and replies carrying payloads, so the owner's inbox gets them too.
  const thread = await api("POST", `/pages/${markdownPage.id}/threads`, ownerToken, {
    body: `Owner asks: ${HTML_PAYLOADS[2]}`,
    quote: "Markdown payloads",
  });
  for (const body of [
    ...TEXT_PAYLOADS,
    ...HTML_PAYLOADS.slice(0, 8),
    ...REQUEST_HREFS.map((href) => `[click](${href.replace(/\s/g, "")}) ${href}`),
  ]) {
    await api("POST", `/threads/${thread.id}/comments`, commenter.token, { body });
  }
  await api("POST", `/pages/${markdownPage.id}/threads`, commenter.token, { body: `@Olga ${HTML_PAYLOADS[17]}` });

  // Raw Yjs, bypassing the editor.
  const yjsPage = await createPage({ wikiId: wiki.id, title: HTML_PAYLOADS[3], markdown: "Raw Yjs below." }, owner.id);
  paths.yjs = pageUrl(wiki.slug, yjsPage.slug);
  await writeRawYjs(yjsPage.id, ownerToken);

  const pastePage = await createPage({ wikiId: wiki.id, title: "Paste target", markdown: "Paste below." }, owner.id);
  paths.paste = pageUrl(wiki.slug, pastePage.slug);

  session = await own.signIn(browser, "owner", OWNER);
  await session.context.addInitScript(installTripwires);
  watch(session.page);
});

test("every response carries a CSP without 'unsafe-inline' scripts, and it blocks an injected inline handler", async () => {
  const { page } = session;
  const response = await page.goto(paths.markdown);
  const policy = response?.headers()["content-security-policy"] ?? "";
  const directives = Object.fromEntries(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  );
  expect(directives["script-src"]).toEqual(
    expect.arrayContaining(["'self'", "'strict-dynamic'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/=]{16,}'$/)]),
  );
  expect(directives["script-src"]).not.toContain("'unsafe-inline'");
  expect(directives["script-src"]).not.toContain("'unsafe-eval'");
  expect(directives["object-src"]).toEqual(["'none'"]);
  // Workers (the argument map's layout) only from our own origin: no blob: or data: scripts.
  expect(directives["worker-src"]).toEqual(["'self'"]);
  expect(directives["base-uri"]).toEqual(["'none'"]);
  expect(directives["frame-ancestors"]).toEqual(["'none'"]);
  expect(directives["connect-src"]).toContain("'self'");
  // A fresh nonce per response.
  const again = await page.request.get(paths.markdown);
  expect(again.headers()["content-security-policy"]).not.toBe(policy);

  await waitForLiveEditor(page);
  // Should something ever slip past the sanitizers, the policy is the second wall.
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", `<img src="/nope.png" onerror="alert('csp-wall')">`));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.join("\n")))
    .toMatch(/script-src/);
  const state = await page.evaluate(() => ({
    hits: (window as unknown as { __xssHits: string[] }).__xssHits,
    violations: (window as unknown as { __cspViolations: string[] }).__cspViolations,
  }));
  expect(state.hits).toEqual([]);
  expect(state.violations.join("\n")).toMatch(/script-src/);
  // Reset the recorders for the screens below.
  cspMessages.set(page, []);
});

test("HTML pasted into the editor keeps no script, handler or script URL", async () => {
  const { page } = session;
  await page.goto(paths.paste);
  const live = await waitForLiveEditor(page);
  await live.focus();
  await page.keyboard.press("Control+End");
  // A paste as the browser delivers it: a ClipboardEvent whose clipboardData holds text/html.
  await live.evaluate((element, html) => {
    const data = new DataTransfer();
    data.setData("text/html", html);
    data.setData("text/plain", "pasted");
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, pastedHtml());
  await expect(editor(page)).toContainText("pasted link 0");
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
  // Time is the point: a window for late handlers, as in visitAndCheck.
  await page.waitForTimeout(600);
  await expectClean(page, "editor after paste", { parsedHandlers: true });
  cspMessages.set(page, []);
  // And after a reload: the server's HTML, then the live editor, from what was stored.
  await visitAndCheck(page, paths.paste, async (p) => {
    await waitForLiveEditor(p);
    await expect(editor(p)).toContainText("pasted link 0");
  });
});

test("the page views (server HTML, live editor, comments panel) run nothing", async () => {
  const { page } = session;
  for (const path of [paths.markdown, paths.yjs, paths.paste]) {
    await visitAndCheck(page, path, async (p) => {
      await waitForLiveEditor(p);
    });
  }
  // The comments panel shows every payload as text.
  await visitAndCheck(page, paths.markdown, async (p) => {
    await waitForLiveEditor(p);
    await expect(p.getByTestId("thread-card").first()).toBeVisible();
    await expect(p.getByTestId("comments-panel")).toContainText(TEXT_PAYLOADS[0]);
  });
  // The raw Yjs page kept its text, without the hostile structure.
  await expect(editor(page)).toBeVisible();
});

test("history, versions, compare, recent changes, open comments and members run nothing", async () => {
  const { page } = session;
  for (const path of [
    `${paths.markdown}/history`,
    `${paths.markdown}/history/1`,
    `${paths.markdown}/history/2`,
    `${paths.markdown}/compare?from=1&to=current`,
    `${paths.yjs}/history`,
    `${paths.yjs}/compare?from=1&to=current`,
    `${paths.paste}/compare?from=1&to=current`,
    `${paths.yjs}/attribution`,
    `/w/${wikiSlug}/changes`,
    `/w/${wikiSlug}/comments`,
    `/w/${wikiSlug}/members`,
    `/w/${wikiSlug}/trash`,
    "/",
    "/settings",
  ]) {
    await visitAndCheck(page, path);
  }
});

test("search results and the inbox run nothing", async () => {
  const { page } = session;
  for (const q of ["alert", "img", "onerror", "script", "javascript"]) await visitAndCheck(page, `/search?q=${q}`);
  await visitAndCheck(page, "/inbox", async (p) => {
    await expect(p.getByTestId("inbox-item").first()).toBeVisible();
  });
  // The Ctrl/⌘-K palette, which shows results as you type.
  await page.goto(`/w/${wikiSlug}/changes`);
  const palette = page.getByTestId("search-palette");
  // The shortcut only works once the header has hydrated: press until the palette opens.
  await expect(async () => {
    await page.keyboard.press("Control+k");
    await expect(palette).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await palette.getByRole("combobox").fill("onerror");
  await expect(palette.getByRole("option").first()).toBeVisible();
  // Time is the point: a window for late handlers, as in visitAndCheck.
  await page.waitForTimeout(600);
  await expectClean(page, "search palette");
});
