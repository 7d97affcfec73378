import fs from "node:fs";
import JSZip from "jszip";
import { getDbHandle } from "@/db/client";
import type { Wiki } from "@/db/schema";
import { createPage } from "@/lib/commands/pages";
import { createFirstUser } from "@/lib/commands/users";
import { createWiki } from "@/lib/commands/wikis";
import { markdownToJSON } from "@/lib/editor/markdown";
import { pageUrl } from "@/lib/wikis/access";
import { expect, screenshotPath, test, type Credentials } from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * Export and import in Chromium: the Export menu on a page downloads a Word file whose footnote
 * is the page's citation; the new-page screen imports that file back as a page. Runs against a
 * server of its own (see history.spec.ts for why).
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const OWNER: Credentials = { name: "Hersch Lauterpacht", email: "hersch@example.test", password: "export-and-import-in-chromium" };
const SOURCE_TITLE = "Trail Smelter Arbitration";

const own = ownServer("export");
let session: Session;
let wiki: Wiki;
let strandPath: string;
let downloaded: string;

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  await own.start();
  const owner = await createFirstUser(OWNER);
  wiki = await createWiki({ name: "Transboundary harm", description: "" }, owner.id);
  getDbHandle()
    .sqlite.prepare("INSERT INTO sources (id, wiki_id, kind, title) VALUES ('src-trail', ?, 'other', ?)")
    .run(wiki.id, SOURCE_TITLE);
  const json = markdownToJSON("## No-harm rule\n\nNo State may use its territory to cause serious harm.\n\n- fumes\n- damage\n");
  json.content![1].content!.push({ type: "citation", attrs: { sourceId: "src-trail", pinpoint: "1965" } });
  const page = await createPage({ wikiId: wiki.id, title: "The no-harm rule", json }, owner.id);
  strandPath = pageUrl(wiki.slug, page.slug);
  session = await own.signIn(browser, "page", OWNER);
});

test("the Export menu downloads the page as a Word document with its citation as a footnote", async () => {
  const { page } = session;
  await page.goto(strandPath);
  // The page's own menu, not the sidebar's "Export wiki".
  const menu = page.getByTestId("export-menu").filter({ has: page.locator("summary", { hasText: /^Export\s*▾$/ }) });
  await menu.locator("summary").click();
  await page.screenshot({ path: screenshotPath("export-menu") });
  const [download] = await Promise.all([page.waitForEvent("download"), menu.getByRole("link", { name: /Word \(\.docx\)/ }).click()]);
  expect(download.suggestedFilename()).toBe("the-no-harm-rule.docx");
  downloaded = test.info().outputPath("the-no-harm-rule.docx");
  await download.saveAs(downloaded);
  const zip = await JSZip.loadAsync(fs.readFileSync(downloaded));
  expect(await zip.file("word/footnotes.xml")!.async("string")).toContain(`${SOURCE_TITLE}, 1965`);
  expect(await zip.file("word/document.xml")!.async("string")).toContain("No State may use its territory to cause serious harm.");
});

test("a DOCX imported from the new-page screen becomes a page with its footnote as a citation", async () => {
  const { page } = session;
  await page.goto(`/w/${wiki.slug}/new`);
  const form = page.getByRole("form", { name: "Import a file" });
  await form.locator("input[type=file]").setInputFiles(downloaded);
  await form.getByLabel("Title of the imported page").fill("Imported no-harm rule");
  await page.screenshot({ path: screenshotPath("import-form") });
  await form.getByRole("button", { name: "Import" }).click();
  await page.waitForURL((url) => url.pathname === `/w/${wiki.slug}/imported-no-harm-rule`);
  await expect(page.getByTestId("page-title")).toHaveText("Imported no-harm rule");
  await expect(page.locator(".ProseMirror")).toContainText("No State may use its territory to cause serious harm.");
  await expect(page.locator(".ProseMirror [data-citation]")).toHaveCount(1);
  await page.screenshot({ path: screenshotPath("imported-page"), fullPage: true });
});

test("a file that is not a Word document is refused with a clear message and no page", async () => {
  const { page } = session;
  await page.goto(`/w/${wiki.slug}/new`);
  const form = page.getByRole("form", { name: "Import a file" });
  await form.locator("input[type=file]").setInputFiles({
    name: "broken.docx",
    mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    buffer: Buffer.from("not a zip at all"),
  });
  await form.getByRole("button", { name: "Import" }).click();
  await expect(form.getByRole("alert")).toContainText("not a Word document");
  await expect(page).toHaveURL(new RegExp(`/w/${wiki.slug}/new$`));
});
