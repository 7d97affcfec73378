import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import JSZip from "jszip";
import { pageUrl } from "@/lib/wikis/access";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { expect, screenshotPath, selectInEditor, test, waitForLiveEditor } from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * Issue 19, point 5 in a real browser: a reviewer suggests a replacement, and the owner downloads
 * the page from the Export menu as "Word with suggestions"; LibreOffice opens the file with the
 * suggestion as a tracked change by the reviewer. The plain Word export reads the accepted text.
 */
test.describe.configure({ mode: "serial" });

type TestUser = Awaited<ReturnType<typeof makeUser>>;
const own = ownServer("suggestions-export");
let owner: TestUser;
let reviewer: TestUser;
let pagePath: string;
let pageSlug: string;
let ownerSession: Session;
let reviewerSession: Session;

test.beforeAll(async ({ browser }) => {
  await own.start();
  owner = await makeUser("Olive Owner");
  reviewer = await makeUser("Rhea Reviewer");
  const { wiki, page } = await makeWikiWithMembers(owner, [{ user: reviewer, role: "reviewer" }], "The obligation is binding on States.");
  pagePath = pageUrl(wiki.slug, page.slug);
  pageSlug = page.slug;
  ownerSession = await own.signIn(browser, "owner", owner);
  reviewerSession = await own.signIn(browser, "reviewer", reviewer);
});

test("the Export menu's 'Word with suggestions' gives a DOCX that LibreOffice opens with the reviewer's tracked change", async () => {
  const { page: reviewerPage } = reviewerSession;
  await reviewerPage.goto(pagePath);
  const reviewerEditor = await waitForLiveEditor(reviewerPage);
  await selectInEditor(reviewerPage, "binding");
  await reviewerPage.keyboard.type("emerging");
  await expect(reviewerEditor.locator("ins.suggestion-insert")).toHaveText("emerging");
  await expect(reviewerPage.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");

  const { page } = ownerSession;
  await page.goto(pagePath);
  // The page's own menu, not the sidebar's "Export wiki".
  const menu = page.getByTestId("export-menu").filter({ has: page.locator("summary", { hasText: /^Export\s*▾$/ }) });
  await menu.locator("summary").click();
  const tracked = menu.getByRole("link", { name: /Word with suggestions/ });
  await expect(tracked).toContainText("pending suggestions as tracked changes");
  await page.screenshot({ path: screenshotPath("suggestions-export-menu") });
  const violations = (
    await new AxeBuilder({ page }).include('[data-testid="export-menu"]').withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze()
  ).violations;
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  const [download] = await Promise.all([page.waitForEvent("download"), tracked.click()]);
  expect(download.suggestedFilename()).toBe(`${pageSlug}-suggestions.docx`);
  const file = test.info().outputPath("suggestions.docx");
  await download.saveAs(file);
  const documentXml = await (await JSZip.loadAsync(fs.readFileSync(file))).file("word/document.xml")!.async("string");
  expect(documentXml).toMatch(
    /<w:ins w:id="\d+" w:author="Rhea Reviewer" w:date="[^"]+Z"><w:r>(?:<w:rPr>[\s\S]*?<\/w:rPr>)?<w:t[^>]*>emerging<\/w:t>/,
  );
  expect(documentXml).toMatch(
    /<w:del w:id="\d+" w:author="Rhea Reviewer" w:date="[^"]+Z"><w:r>(?:<w:rPr>[\s\S]*?<\/w:rPr>)?<w:delText[^>]*>binding<\/w:delText>/,
  );

  const outDir = test.info().outputPath("converted");
  execFileSync(
    "soffice",
    ["--headless", `-env:UserInstallation=file://${path.join(outDir, "lo-profile")}`, "--convert-to", "fodt", "--outdir", outDir, file],
    { stdio: "ignore", timeout: 180_000 },
  );
  const odt = fs.readFileSync(path.join(outDir, "suggestions.fodt"), "utf8");
  expect(odt).toContain("<text:tracked-changes");
  const regions = [...odt.matchAll(/<text:changed-region[\s\S]*?<\/text:changed-region>/g)].map((m) => m[0]);
  expect(regions.filter((r) => r.includes("<text:insertion>") && r.includes("<dc:creator>Rhea Reviewer</dc:creator>"))).toHaveLength(1);
  expect(regions.filter((r) => r.includes("<text:deletion>") && r.includes("<dc:creator>Rhea Reviewer</dc:creator>"))).toHaveLength(1);

  // The plain Word export is the accepted text.
  await menu.locator("summary").click();
  const [plain] = await Promise.all([page.waitForEvent("download"), menu.getByRole("link", { name: /Word \(\.docx\)/ }).click()]);
  const plainFile = test.info().outputPath("plain.docx");
  await plain.saveAs(plainFile);
  const plainXml = await (await JSZip.loadAsync(fs.readFileSync(plainFile))).file("word/document.xml")!.async("string");
  expect(plainXml).toContain("The obligation is binding on States.");
  expect(plainXml).not.toContain("emerging");
});

test("once the owner accepts it, 'Who wrote this' credits the reviewer's words to the reviewer and says who accepted them", async () => {
  const { page } = ownerSession;
  await page.goto(pagePath);
  await waitForLiveEditor(page);
  await page.getByTestId("suggestion-card").getByRole("button", { name: "Accept" }).click();
  await expect(page.getByTestId("suggestion-card")).toHaveCount(0);

  await page.goto(`${pagePath}/attribution`);
  await expect(page.getByTestId("attribution-authors")).toContainText("Rhea Reviewer");
  const emerging = page.getByTestId("attribution").locator(".authored", { hasText: "emerging" });
  await expect(emerging).toHaveAttribute("title", /^Rhea Reviewer, suggestion accepted by Olive Owner in edits since version \d+, .+ UTC$/);
  await page.screenshot({ path: screenshotPath("suggestions-attribution"), fullPage: true });
  const violations = (await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze()).violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
});
