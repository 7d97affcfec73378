import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { transaction } from "@/db/executor";
import { appendPageUpdate } from "@/db/queries/page-content";
import { insertUser } from "@/db/queries/users";
import type { Page, Wiki } from "@/db/schema";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { loadPageDoc, readPageContent } from "@/lib/pages/content";
import { withTemporaryDatabase } from "@/tests/helpers/temp-database";
import { createPage } from "./pages";
import { decideAllSuggestions, decideSuggestion, findSuggestionPage, listPageSuggestions } from "./suggestions";
import { addMember, createWiki } from "./wikis";

// Decisions without a collab server in the process (CLI, scripts): the change goes into the page's
// update log. Roles and REST are covered by tests/integration/suggestions-rest.test.ts.

let wiki: Wiki;
let counter = 0;

withTemporaryDatabase(async () => {
  for (const [id, name] of [
    ["owner", "Owner"],
    ["rita", "Rita Reviewer"],
    ["viewer", "Vera Viewer"],
  ])
    await insertUser({ id, email: `${id}@example.test`, name, passwordHash: null });
  wiki = await createWiki({ name: "Suggestions", description: "" }, "owner");
  await addMember(wiki.id, "rita@example.test", "reviewer", "owner");
  await addMember(wiki.id, "viewer@example.test", "viewer", "owner");
});

/** A page whose paragraph carries `rita`'s suggested insertion "Proposed " (id returned). */
async function pageWithSuggestion(): Promise<{ page: Page; id: string }> {
  const page = await createPage({ wikiId: wiki.id, title: `Page ${++counter}`, markdown: "Base text." }, "owner");
  const id = `sunit${String(counter).padStart(4, "0")}`;
  await transaction(async () => {
    const { doc } = (await loadPageDoc(page.id))!;
    const before = Y.encodeStateVector(doc);
    const paragraph = doc.getXmlFragment(DOCUMENT_FRAGMENT).get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, "Proposed ", {
      [`suggestionInsert--${id.slice(-8)}`]: { id, authorId: "rita", createdAt: "2026-12-04T07:00:00.000Z" },
    });
    await appendPageUpdate(page.id, Y.encodeStateAsUpdate(doc, before), "rita");
    doc.destroy();
  });
  return { page, id };
}

const bodyText = async (pageId: string) => (await readPageContent(pageId)).text.trim();

describe("suggestion decisions in the update log", () => {
  it("finds a pending suggestion's page from storage, lists it, and accepts it once", async () => {
    const { page, id } = await pageWithSuggestion();
    expect((await findSuggestionPage(id))?.page.id).toBe(page.id);
    expect(await listPageSuggestions(page.id)).toEqual([
      expect.objectContaining({ id, kind: "insert", authorName: "Rita Reviewer", text: "Insert 'Proposed'", status: "pending" }),
    ]);
    await expect(decideSuggestion("viewer", id, "accept")).rejects.toMatchObject({ code: "forbidden" });
    await expect(decideSuggestion("rita", id, "accept")).rejects.toMatchObject({ code: "forbidden" });
    expect(await decideSuggestion("owner", id, "accept")).toMatchObject({ id, status: "accepted" });
    expect(await bodyText(page.id)).toBe("Proposed Base text.");
    await expect(decideSuggestion("owner", id, "reject")).rejects.toMatchObject({ code: "conflict" });
    expect(await listPageSuggestions(page.id)).toEqual([expect.objectContaining({ id, status: "accepted" })]);
    expect(await findSuggestionPage("snosuchid")).toBeNull();
  });

  it("lets only the author withdraw, and rejects all", async () => {
    const first = await pageWithSuggestion();
    await expect(decideSuggestion("owner", first.id, "withdraw")).rejects.toMatchObject({ code: "forbidden" });
    expect(await decideSuggestion("rita", first.id, "withdraw")).toMatchObject({ status: "withdrawn" });
    expect(await bodyText(first.page.id)).toBe("Base text.");
    const second = await pageWithSuggestion();
    expect(await decideAllSuggestions("owner", second.page.id, "reject", "someone-else")).toEqual({ decided: 0 });
    expect(await decideAllSuggestions("owner", second.page.id, "reject")).toEqual({ decided: 1 });
    expect(await bodyText(second.page.id)).toBe("Base text.");
  });
});
