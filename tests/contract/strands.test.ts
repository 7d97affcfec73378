import { expect, it } from "vitest";
import { transaction } from "@/db/executor";
import {
  deleteRelation,
  findRelation,
  findStrandFields,
  insertRelation,
  listRelationsOfPage,
  listStrandEdges,
  listStrandNodes,
  relationExists,
  setWikiThesis,
  upsertStrandFields,
  type NewRelation,
} from "@/db/queries/strands";
import { pages } from "@/db/schema";
import { listAuditEvents } from "@/db/queries/audit";
import { findWikiById } from "@/db/queries/wikis";
import { addRelation, readStrand, removeRelation, updateStrand, updateThesis } from "@/lib/commands/strands";
import { aPage, aUser, aWiki } from "./fixtures";
import { describeOnBothDialects, insertRows } from "./harness";

let relations = 0;
type RelationOverrides = Partial<NewRelation> & { createdAt?: Date };
const aRelation = (
  by: { id: string },
  wikiId: string,
  fromPageId: string,
  toPageId: string,
  overrides: RelationOverrides = {},
): NewRelation => ({
  id: `relation-${++relations}`,
  wikiId,
  fromPageId,
  toPageId,
  kind: "supports",
  note: "",
  createdBy: by.id,
  ...overrides,
});

/** A wiki's thesis as stored. */
async function thesisOf(wikiId: string): Promise<string | undefined> {
  return (await findWikiById(wikiId))?.thesis;
}

describeOnBothDialects("db/queries/strands", () => {
  it("creates a page's strand fields on first write and overwrites them after", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const page = await aPage(wiki.id);
    expect(await findStrandFields(page.id)).toBeUndefined();
    await upsertStrandFields(page.id, { claim: "Due diligence binds", stance: "supports", status: "draft" }, owner.id);
    expect(await findStrandFields(page.id)).toMatchObject({
      claim: "Due diligence binds",
      stance: "supports",
      status: "draft",
      updatedBy: owner.id,
    });
    await upsertStrandFields(page.id, { claim: "It does not", stance: null, status: "settled" }, owner.id);
    const row = (await findStrandFields(page.id))!;
    expect(row).toMatchObject({ claim: "It does not", stance: null, status: "settled" });
    expect(row.updatedAt).toBeInstanceOf(Date);
  });

  it("sets a wiki's thesis", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const other = await aWiki(owner.id);
    await setWikiThesis(wiki.id, "States owe due diligence in cyberspace");
    expect(await thesisOf(wiki.id)).toBe("States owe due diligence in cyberspace");
    expect(await thesisOf(other.id)).toBe("");
  });

  it("stores relations, finds them, tells duplicates and deletes them", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const a = await aPage(wiki.id, "A");
    const b = await aPage(wiki.id, "B");
    const stored = await insertRelation(aRelation(owner, wiki.id, a.id, b.id, { kind: "rebuts", note: "on attribution" }));
    expect(stored).toMatchObject({ fromPageId: a.id, toPageId: b.id, kind: "rebuts", note: "on attribution" });
    expect(stored.createdAt).toBeInstanceOf(Date);
    expect(await findRelation(stored.id)).toEqual(stored);
    expect(await relationExists(a.id, b.id, "rebuts")).toBe(true);
    expect(await relationExists(a.id, b.id, "supports")).toBe(false);
    expect(await relationExists(b.id, a.id, "rebuts")).toBe(false);
    await deleteRelation(stored.id);
    expect(await findRelation(stored.id)).toBeUndefined();
    expect(await relationExists(a.id, b.id, "rebuts")).toBe(false);
  });

  it("lists a page's relations both ways, and the wiki's map, leaving out pages in the trash", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const other = await aWiki(owner.id);
    const a = await aPage(wiki.id, "a claim");
    const b = await aPage(wiki.id, "B claim");
    const c = await aPage(wiki.id, "C claim");
    const trashed = await aPage(wiki.id, "Trashed", new Date());
    await aPage(other.id, "Elsewhere");
    const t0 = Date.now() - 10_000;
    const ab = await insertRelation(aRelation(owner, wiki.id, a.id, b.id, { createdAt: new Date(t0) }));
    const ca = await insertRelation(aRelation(owner, wiki.id, c.id, a.id, { kind: "qualifies", createdAt: new Date(t0 + 1000) }));
    await insertRelation(aRelation(owner, wiki.id, trashed.id, a.id, { createdAt: new Date(t0 + 2000) }));
    await insertRelation(aRelation(owner, wiki.id, b.id, c.id, { createdAt: new Date(t0 + 3000) }));

    const ofA = await listRelationsOfPage(a.id);
    expect(ofA.map((r) => r.id)).toEqual([ab.id, ca.id]);
    expect(ofA[1]).toMatchObject({ kind: "qualifies", fromTitle: "C claim", fromSlug: c.slug, toTitle: "a claim", toSlug: a.slug });
    expect((await listStrandEdges(wiki.id)).map((r) => `${r.fromPageId}>${r.toPageId}`)).toEqual([
      `${a.id}>${b.id}`,
      `${c.id}>${a.id}`,
      `${b.id}>${c.id}`,
    ]);
    expect(await listStrandEdges(other.id)).toEqual([]);

    await upsertStrandFields(b.id, { claim: "B holds", stance: "challenges", status: "in_review" }, owner.id);
    // Same position: by title, by code point (capitals first), as SQLite's BINARY collation.
    expect(await listStrandNodes(wiki.id)).toEqual([
      { pageId: b.id, title: "B claim", slug: b.slug, claim: "B holds", stance: "challenges", status: "in_review" },
      { pageId: c.id, title: "C claim", slug: c.slug, claim: null, stance: null, status: null },
      { pageId: a.id, title: "a claim", slug: a.slug, claim: null, stance: null, status: null },
    ]);
  });

  it("orders the map's strands by their position in the tree first", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    await insertRows(pages, [
      { id: `${wiki.id}-z`, wikiId: wiki.id, title: "Z first", slug: `${wiki.id}-z`, position: 0.5 },
      { id: `${wiki.id}-a`, wikiId: wiki.id, title: "A second", slug: `${wiki.id}-a`, position: 2.25 },
    ]);
    expect((await listStrandNodes(wiki.id)).map((n) => n.title)).toEqual(["Z first", "A second"]);
  });

  it("writes nothing of a transaction that throws", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const a = await aPage(wiki.id);
    const b = await aPage(wiki.id);
    await expect(
      transaction(async () => {
        await upsertStrandFields(a.id, { claim: "Gone", stance: null, status: "draft" }, owner.id);
        await insertRelation(aRelation(owner, wiki.id, a.id, b.id));
        throw new Error("abandoned");
      }),
    ).rejects.toThrow("abandoned");
    expect(await findStrandFields(a.id)).toBeUndefined();
    expect(await listRelationsOfPage(a.id)).toEqual([]);
  });
});

describeOnBothDialects("lib/commands/strands", () => {
  it("changes strand fields, relations and the thesis, auditing each change and nothing else", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const a = await aPage(wiki.id, "A");
    const b = await aPage(wiki.id, "B");
    expect(await readStrand(a.id)).toEqual({ claim: "", stance: null, status: "draft" });
    expect(await updateStrand(a.id, { claim: "Binding" }, owner.id)).toEqual({ claim: "Binding", stance: null, status: "draft" });
    expect(await updateStrand(a.id, { stance: "supports" }, owner.id)).toEqual({ claim: "Binding", stance: "supports", status: "draft" });
    await updateStrand(a.id, { claim: "Binding" }, owner.id); // no change, no write
    const relation = await addRelation({ fromPageId: a.id, toPageId: b.id, kind: "supports" }, owner.id);
    await expect(addRelation({ fromPageId: a.id, toPageId: b.id, kind: "supports" }, owner.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(addRelation({ fromPageId: a.id, toPageId: a.id, kind: "rebuts" }, owner.id)).rejects.toMatchObject({
      code: "bad_request",
    });
    await removeRelation(relation.id, owner.id);
    await expect(removeRelation(relation.id, owner.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await updateThesis(wiki.id, "Due diligence binds", owner.id)).toBe("Due diligence binds");
    await updateThesis(wiki.id, "Due diligence binds", owner.id);
    expect(await thesisOf(wiki.id)).toBe("Due diligence binds");
    expect((await listAuditEvents(wiki.id, {}, 20)).map((e) => e.action)).toEqual([
      "wiki.thesis-changed",
      "strand.relation-removed",
      "strand.relation-added",
      "strand.updated",
      "strand.updated",
    ]);
  });

  it("refuses a relation to a page of another wiki or in the trash, changing nothing", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const other = await aWiki(owner.id);
    const a = await aPage(wiki.id);
    const elsewhere = await aPage(other.id);
    const trashed = await aPage(wiki.id, "Trashed", new Date());
    await expect(addRelation({ fromPageId: a.id, toPageId: elsewhere.id, kind: "supports" }, owner.id)).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(addRelation({ fromPageId: a.id, toPageId: trashed.id, kind: "supports" }, owner.id)).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(updateStrand(trashed.id, { claim: "x" }, owner.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await listRelationsOfPage(a.id)).toEqual([]);
    expect(await listAuditEvents(wiki.id, {}, 20)).toEqual([]);
  });
});
