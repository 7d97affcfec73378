import { expect, it } from "vitest";
import {
  countPageContents,
  deleteRedirect,
  findPageAccessStates,
  findPageById,
  findPageBySlug,
  findRedirect,
  insertPage,
  insertRedirect,
  listPages,
  listTrashedPages,
  nextSiblingPosition,
  setPagesTrashed,
  slugInUse,
  touchPage,
  updatePageFields,
} from "@/db/queries/pages";
import { pageContents } from "@/db/schema";
import { aUser, aWiki } from "./fixtures";
import { describeOnBothDialects, insertRows } from "./harness";

let pages = 0;
const newPage = (wikiId: string, createdBy: string, fields: { title?: string; parentId?: string | null; position?: number } = {}) => {
  const n = ++pages;
  return insertPage({
    id: `contract-page-${n}`,
    wikiId,
    parentId: fields.parentId ?? null,
    title: fields.title ?? `Page ${n}`,
    slug: `contract-page-${n}`,
    position: fields.position ?? n,
    createdBy,
  });
};

describeOnBothDialects("db/queries/pages", () => {
  it("tells, for many pages in one query, their wiki and whether they are in the trash; a missing page is absent", async () => {
    const ada = await aUser();
    const wiki = await aWiki(ada.id);
    const kept = await newPage(wiki.id, ada.id);
    const trashed = await newPage(wiki.id, ada.id);
    await setPagesTrashed([trashed.id], ada.id);
    const states = await findPageAccessStates([kept.id, trashed.id, "no such page"]);
    expect(states.sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      [
        { id: kept.id, wikiId: wiki.id, trashed: false },
        { id: trashed.id, wikiId: wiki.id, trashed: true },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
    expect(await findPageAccessStates([])).toEqual([]);
  });

  it("inserts a page and finds it by id and by slug", async () => {
    const ada = await aUser();
    const wiki = await aWiki(ada.id);
    const page = await newPage(wiki.id, ada.id, { title: "Due diligence" });
    expect(page).toMatchObject({ wikiId: wiki.id, title: "Due diligence", parentId: null, deletedAt: null, createdBy: ada.id });
    expect(page.createdAt).toBeInstanceOf(Date);
    expect(await findPageById(page.id)).toEqual(page);
    expect(await findPageBySlug(wiki.id, page.slug)).toEqual(page);
    expect(await findPageById("no such page")).toBeUndefined();
    expect(await findPageBySlug("no such wiki", page.slug)).toBeUndefined();
  });

  it("lists live pages by position then title, and trashed pages newest first, and restores them", async () => {
    const ada = await aUser();
    const wiki = await aWiki(ada.id);
    const b = await newPage(wiki.id, ada.id, { title: "B", position: 1 });
    const a = await newPage(wiki.id, ada.id, { title: "A", position: 1 });
    const c = await newPage(wiki.id, ada.id, { title: "C", position: 0 });
    expect((await listPages(wiki.id)).map((p) => p.id)).toEqual([c.id, a.id, b.id]);
    expect(Object.keys((await listPages(wiki.id))[0]).sort()).toEqual([
      "id",
      "parentId",
      "position",
      "slug",
      "title",
      "updatedAt",
      "wikiId",
    ]);

    await setPagesTrashed([a.id, b.id], ada.id);
    expect((await listPages(wiki.id)).map((p) => p.id)).toEqual([c.id]);
    const trashed = await listTrashedPages(wiki.id);
    expect(trashed.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
    expect(trashed[0].deletedAt).toBeInstanceOf(Date);
    expect((await findPageById(a.id))?.deletedBy).toBe(ada.id);

    await setPagesTrashed([a.id, b.id], null);
    expect(await listTrashedPages(wiki.id)).toEqual([]);
    expect((await findPageById(a.id))?.deletedBy).toBeNull();
    await setPagesTrashed([], ada.id); // nothing to do, and no error
  });

  it("places a new page after its siblings, under a parent or at the top level", async () => {
    const ada = await aUser();
    const wiki = await aWiki(ada.id);
    expect(await nextSiblingPosition(wiki.id, null)).toBe(1);
    const parent = await newPage(wiki.id, ada.id, { position: 4 });
    await newPage(wiki.id, ada.id, { parentId: parent.id, position: 2.5 });
    expect(await nextSiblingPosition(wiki.id, null)).toBe(5);
    expect(await nextSiblingPosition(wiki.id, parent.id)).toBe(3.5);
  });

  it("updates fields and the change time", async () => {
    const ada = await aUser();
    const wiki = await aWiki(ada.id);
    const parent = await newPage(wiki.id, ada.id);
    const page = await newPage(wiki.id, ada.id);
    const old = new Date(Date.now() - 3_600_000);
    await updatePageFields(page.id, { title: "Renamed", slug: "renamed", parentId: parent.id, position: 7 });
    const updated = (await findPageById(page.id))!;
    expect(updated).toMatchObject({ title: "Renamed", slug: "renamed", parentId: parent.id, position: 7 });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(old.getTime());
    await touchPage(page.id);
    expect((await findPageById(page.id))!.updatedAt.getTime()).toBeGreaterThanOrEqual(
      Math.floor(updated.updatedAt.getTime() / 1000) * 1000,
    );
  });

  it("keeps redirects: one per old slug, moved to the page that last took it, and counted as slugs in use", async () => {
    const ada = await aUser();
    const wiki = await aWiki(ada.id);
    const other = await aWiki(ada.id);
    const first = await newPage(wiki.id, ada.id);
    const second = await newPage(wiki.id, ada.id);
    expect(await slugInUse(wiki.id, first.slug)).toBe(true);
    expect(await slugInUse(other.id, first.slug)).toBe(false);
    expect(await slugInUse(wiki.id, "old-name")).toBe(false);

    await insertRedirect(wiki.id, "old-name", first.id);
    expect(await findRedirect(wiki.id, "old-name")).toBe(first.id);
    expect(await slugInUse(wiki.id, "old-name")).toBe(true);
    await insertRedirect(wiki.id, "old-name", second.id);
    expect(await findRedirect(wiki.id, "old-name")).toBe(second.id);
    expect(await findRedirect(other.id, "old-name")).toBeUndefined();
    await deleteRedirect(wiki.id, "old-name");
    expect(await findRedirect(wiki.id, "old-name")).toBeUndefined();
    expect(await slugInUse(wiki.id, "old-name")).toBe(false);
  });

  it("counts stored page contents", async () => {
    const ada = await aUser();
    const wiki = await aWiki(ada.id);
    const before = await countPageContents();
    const page = await newPage(wiki.id, ada.id);
    await insertRows(pageContents, [{ pageId: page.id, ydoc: Buffer.from([0, 0]), json: "{}", text: "" }]);
    expect(await countPageContents()).toBe(before + 1);
  });
});
