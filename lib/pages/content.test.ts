import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { appendPageUpdate } from "@/db/queries/page-content";
import { insertUser } from "@/db/queries/users";
import { createPage } from "@/lib/commands/pages";
import { createWiki } from "@/lib/commands/wikis";
import { DOCUMENT_FRAGMENT } from "@/lib/editor/extensions";
import { withTemporaryDatabase } from "@/tests/helpers/temp-database";
import { sharedPageDoc } from "./content";

withTemporaryDatabase(() => insertUser({ id: "owner", email: "owner@example.test", name: "Owner", passwordHash: null }));

function destroyedFlag(doc: Y.Doc): { destroyed: boolean } {
  const flag = { destroyed: false };
  doc.on("destroy", () => (flag.destroyed = true));
  return flag;
}

describe("sharedPageDoc", () => {
  it("shares one document per page until the page changes, then replaces (and destroys) it", async () => {
    const wiki = await createWiki({ name: "Shared docs", description: "" }, "owner");
    const page = await createPage({ wikiId: wiki.id, title: "One", markdown: "First." }, "owner");
    const first = (await sharedPageDoc(page.id))!;
    expect(await sharedPageDoc(page.id)).toBe(first);
    const old = destroyedFlag(first);

    const edit = new Y.Doc();
    Y.applyUpdate(edit, Y.encodeStateAsUpdate(first));
    const before = Y.encodeStateVector(edit);
    edit.getXmlFragment(DOCUMENT_FRAGMENT).insert(0, [new Y.XmlText("x")]);
    await appendPageUpdate(page.id, Y.encodeStateAsUpdate(edit, before), "owner");

    const second = (await sharedPageDoc(page.id))!;
    expect(second).not.toBe(first);
    expect(old.destroyed).toBe(true);
  });

  it("keeps at most 32 pages' documents, destroying the least recently used", async () => {
    const wiki = await createWiki({ name: "Many pages", description: "" }, "owner");
    const pages = [];
    for (let i = 0; i < 33; i++) pages.push(await createPage({ wikiId: wiki.id, title: `Page ${i}`, markdown: "Text." }, "owner"));
    const oldest = (await sharedPageDoc(pages[0].id))!;
    const dropped = destroyedFlag(oldest);
    for (const page of pages.slice(1, 32)) await sharedPageDoc(page.id);
    expect(dropped.destroyed).toBe(false);
    await sharedPageDoc(pages[32].id);
    expect(dropped.destroyed).toBe(true);
    expect(await sharedPageDoc(pages[0].id)).not.toBe(oldest);
  });
});
