import { listPages } from "@/db/queries/pages";
import { findWikiBySlug } from "@/db/queries/wikis";
import { createPage } from "@/lib/commands/pages";
import { seedDemoWiki } from "@/lib/commands/seed-demo";
import { createFirstUser } from "@/lib/commands/users";
import { addMember, createWiki } from "@/lib/commands/wikis";
import { createSource } from "@/lib/commands/sources";
import { pageUrl } from "@/lib/wikis/access";
import { makeUser } from "../helpers/fixtures";
import {
  DEMO_WIKI,
  citeSource,
  editor,
  expect,
  placeCaret,
  screenshotPath,
  test,
  waitForLiveEditor,
  type Credentials,
} from "./support/fixtures";
import { ownServer, type Session } from "./support/own-server";

/**
 * Citations, end to end in Chromium: an editor cites a source from the registry and footnote 1
 * appears; a second editor, on the same page, cites another source earlier in the text, and both
 * see the footnotes renumber (marks and list) without reloading. Then the source's page lists
 * where it is cited. Finally the owner switches the demo wiki to Bluebook on its Sources page and
 * the seeded footnotes of a demo strand read in Bluebook.
 */
test.describe.configure({ mode: "serial", timeout: 90_000 });

const OWNER: Credentials = { name: "Hersch Lauterpacht", email: "hersch@example.test", password: "sources-and-footnotes" };
const PAGE = "Footnote practice";

const own = ownServer("citations", { COMPACT_IDLE_MS: "200" });
let a: Session;
let b: Session;
let pagePath: string;
let wikiSlug: string;
let demoPagePath: string;

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(90_000);
  await own.start();
  const owner = await createFirstUser(OWNER);
  await seedDemoWiki(owner.id);
  const demo = (await findWikiBySlug(DEMO_WIKI.slug))!;
  demoPagePath = pageUrl(demo.slug, (await listPages(demo.id)).find((p) => p.title === "The UN consensus: a voluntary norm")!.slug);
  // A wiki of its own: the demo wiki's registry already holds these authorities.
  const wiki = await createWiki({ name: "Footnote drills", description: "" }, owner.id);
  wikiSlug = wiki.slug;
  const colleague = await makeUser("Rosalyn Higgins");
  await addMember(wiki.id, colleague.email, "editor", owner.id);
  await addMember(demo.id, colleague.email, "editor", owner.id);
  await createSource(
    wiki.id,
    {
      kind: "judgment",
      title: "Corfu Channel (United Kingdom v Albania) (Merits)",
      shortTitle: "Corfu Channel",
      fields: { court: "ICJ", year: "1949", report: "[1949] ICJ Rep 4" },
      url: "",
      notes: "",
    },
    owner.id,
  );
  await createSource(
    wiki.id,
    {
      kind: "un_document",
      title: "Report of the Group of Governmental Experts",
      shortTitle: "2015 GGE Report",
      fields: { body: "UNGA", symbol: "A/70/174", date: "22 July 2015" },
      url: "",
      notes: "",
    },
    owner.id,
  );
  const page = await createPage(
    { wikiId: wiki.id, title: PAGE, markdown: "States must not knowingly allow harm.\n\nThe UN experts agreed on a norm." },
    owner.id,
  );
  pagePath = pageUrl(wiki.slug, page.slug);
  a = await own.signIn(browser, "a", OWNER);
  b = await own.signIn(browser, "b", { ...colleague });
});

/** Puts the caret at the end of the paragraph holding `text`. */
async function caretAfter(page: Session["page"], text: string) {
  await placeCaret(editor(page).locator("p", { hasText: text }), "end");
}

test("a citation from the registry becomes footnote 1; an earlier one from a second editor renumbers both pages", async () => {
  await a.page.goto(pagePath);
  await waitForLiveEditor(a.page);
  await b.page.goto(pagePath);
  await waitForLiveEditor(b.page);

  await caretAfter(a.page, "The UN experts agreed on a norm.");
  await citeSource(a.page, "A/70/174", "para 13(c)");
  const marksA = editor(a.page).locator("sup.citation");
  await expect(marksA).toHaveCount(1);
  const notesA = a.page.getByTestId("footnotes").locator("li");
  await expect(notesA).toHaveText(["UNGA 'Report of the Group of Governmental Experts' (22 July 2015) UN Doc A/70/174, para 13(c)."]);
  const notesB = b.page.getByTestId("footnotes").locator("li");
  await expect(notesB).toHaveCount(1);
  // Marks are numbered by a CSS counter in document order, so mark n belongs to footnote n
  // when both lists name the same sources in the same order.
  const sameOrder = async (session: Session) => {
    const marks = await editor(session.page)
      .locator("sup.citation")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-citation")));
    const notes = await session.page
      .getByTestId("footnotes")
      .locator("li")
      .evaluateAll((els) => els.map((el) => el.getAttribute("data-source")));
    expect(marks).toEqual(notes);
  };
  await sameOrder(a);

  // The second editor cites the judgment in the first paragraph: it becomes footnote 1 everywhere.
  await caretAfter(b.page, "States must not knowingly allow harm.");
  await citeSource(b.page, "Corfu", "22");
  const expected = [
    "Corfu Channel (United Kingdom v Albania) (Merits) [1949] ICJ Rep 4, 22.",
    "UNGA 'Report of the Group of Governmental Experts' (22 July 2015) UN Doc A/70/174, para 13(c).",
  ];
  await expect(notesB).toHaveText(expected);
  await expect(notesA).toHaveText(expected);
  await expect(marksA).toHaveCount(2);
  await sameOrder(a);
  await sameOrder(b);
  await expect(a.page.getByTestId("connection-state")).toHaveAttribute("data-state", "saved");
  await a.page.getByTestId("footnotes").scrollIntoViewIfNeeded();
  await a.page.screenshot({ path: screenshotPath("citations-footnotes") });
});

test("the source's page lists where it is cited, with the pinpoint", async () => {
  await a.page.goto(`/w/${wikiSlug}/sources`);
  await a.page.getByRole("link", { name: "Corfu Channel" }).click();
  await expect(a.page.getByTestId("source-citation")).toHaveText("Corfu Channel (United Kingdom v Albania) (Merits) [1949] ICJ Rep 4");
  // "Cited in" follows compaction (a fraction of a second here).
  await expect(async () => {
    await a.page.reload();
    await expect(a.page.getByTestId("cited-in")).toContainText(PAGE, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(a.page.getByTestId("cited-in")).toContainText("22");
  await a.page.screenshot({ path: screenshotPath("citations-source"), fullPage: true });
});

test("the owner switches the demo wiki to Bluebook on Sources; its seeded footnotes change, and an editor sees the style but cannot change it", async () => {
  const notes = a.page.getByTestId("footnotes").locator("li");
  await a.page.goto(demoPagePath);
  await waitForLiveEditor(a.page);
  await expect(a.page.getByTestId("footnotes-style")).toHaveText("Notes (OSCOLA)");
  await expect(notes.nth(2)).toHaveText("ibid para 13(c).");
  await expect(notes.nth(6)).toHaveText("2013 GGE Report (n 1) para 23.");

  await a.page.goto(`/w/${DEMO_WIKI.slug}/sources`);
  const select = a.page.getByRole("combobox", { name: "Citation style" });
  await expect(select).toHaveValue("oscola");
  await expect(a.page.getByTestId("source-list")).toContainText("[1949] ICJ Rep 4");
  await select.selectOption({ label: "Bluebook" });
  await expect(a.page.getByTestId("citation-style").getByRole("status")).toHaveText("Saved: every footnote now follows it.");
  // The registry below is reworded in the new style without a reload.
  await expect(a.page.getByTestId("source-list")).toContainText("1949 I.C.J. 4");
  await a.page.getByTestId("citation-style").screenshot({ path: screenshotPath("citations-style-setting") });

  await a.page.goto(demoPagePath);
  await waitForLiveEditor(a.page);
  await expect(a.page.getByTestId("footnotes-style")).toHaveText("Notes (Bluebook)");
  await expect(notes.nth(2)).toHaveText("Id. ¶ 13(c).");
  await expect(notes.nth(2).locator("em")).toHaveText("Id.");
  await expect(notes.nth(6)).toHaveText("2013 GGE Report, supra note 1, ¶ 23.");
  await expect(editor(a.page).locator("sup.citation")).toHaveCount(await notes.count());
  await a.page.getByTestId("footnotes").scrollIntoViewIfNeeded();
  await a.page.screenshot({ path: screenshotPath("citations-demo-bluebook") });

  // An editor is told the style; only owners get the control.
  await b.page.goto(`/w/${DEMO_WIKI.slug}/sources`);
  await expect(b.page.getByTestId("citation-style")).toHaveText("Footnotes in this wiki follow Bluebook; an owner can change the style.");
  await expect(b.page.getByRole("combobox", { name: "Citation style" })).toHaveCount(0);
});
