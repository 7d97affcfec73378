import { expect, it } from "vitest";
import { transaction } from "@/db/executor";
import { listAuditEvents } from "@/db/queries/audit";
import {
  findDuplicateSources,
  findSource,
  insertSource,
  listAllSources,
  listCitingPlaces,
  listMergedInto,
  listSources,
  mergeSourceRows,
  replacePageCitations,
  sourcesStamp,
  updateSourceRow,
  type NewSource,
} from "@/db/queries/sources";
import { createSource, mergeSources, updateSource } from "@/lib/commands/sources";
import { aPage, aUser, aWiki } from "./fixtures";
import { describeOnBothDialects } from "./harness";

let sources = 0;
const aSource = (wikiId: string, overrides: Partial<NewSource> = {}): NewSource => ({
  id: `source-${++sources}`,
  wikiId,
  kind: "other",
  title: `Source ${sources}`,
  ...overrides,
});

const citation = (ordinal: number, sourceId: string, pinpoint = "") => ({
  ordinal,
  sourceId,
  pinpoint,
  blockId: `b${ordinal}`,
  context: "",
});

describeOnBothDialects("db/queries/sources", () => {
  it("stores a source and finds it by id, with its defaults and times as dates", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const stored = await insertSource(aSource(wiki.id, { title: "Corfu Channel", createdBy: owner.id }));
    expect(stored).toMatchObject({ title: "Corfu Channel", shortTitle: "", fields: "{}", mergedInto: null, dedupeKey: null });
    expect(stored.updatedAt).toBeInstanceOf(Date);
    expect(await findSource(stored.id)).toEqual(stored);
    expect(await findSource("no-such-source")).toBeUndefined();
  });

  it("lists a wiki's live sources by short title (else title), ignoring case, filtered by kind and text", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const other = await aWiki(owner.id);
    await insertSource(aSource(wiki.id, { title: "zeta", kind: "treaty" }));
    await insertSource(
      aSource(wiki.id, { title: "Report of the GGE", shortTitle: "alpha", kind: "un_document", fields: '{"symbol":"A/70/174"}' }),
    );
    await insertSource(aSource(wiki.id, { title: "Beta", kind: "judgment" }));
    await insertSource(aSource(wiki.id, { title: "100% sure_thing", kind: "other" }));
    const merged = await insertSource(aSource(wiki.id, { title: "Alpha duplicate" }));
    const survivor = await insertSource(aSource(wiki.id, { title: "Gamma" }));
    await mergeSourceRows(merged.id, survivor.id);
    await insertSource(aSource(other.id, { title: "Elsewhere" }));

    const titles = async (filter?: Parameters<typeof listSources>[1]) =>
      (await listSources(wiki.id, filter)).map((s) => s.shortTitle || s.title);
    expect(await titles()).toEqual(["100% sure_thing", "alpha", "Beta", "Gamma", "zeta"]);
    expect(await titles({ kind: "judgment" })).toEqual(["Beta"]);
    expect(await titles({ q: "a/70" })).toEqual(["alpha"]); // in the fields, any case
    expect(await titles({ q: "BET" })).toEqual(["Beta"]);
    // LIKE's wildcards in the text are matched as themselves.
    expect(await titles({ q: "0%" })).toEqual(["100% sure_thing"]);
    expect(await titles({ q: "e_t" })).toEqual(["100% sure_thing"]);
    expect(await titles({ q: "_" })).toEqual(["100% sure_thing"]);
    // All of them, merged ones included, are what footnotes resolve through.
    expect((await listAllSources(wiki.id)).map((s) => s.title).sort()).toEqual(
      ["100% sure_thing", "Alpha duplicate", "Beta", "Gamma", "Report of the GGE", "zeta"].sort(),
    );
  });

  it("changes the wiki's stamp with every change, even several within one millisecond", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const other = await aWiki(owner.id);
    const empty = await sourcesStamp(wiki.id);
    const source = await insertSource(aSource(wiki.id));
    const stamps = [empty, await sourcesStamp(wiki.id)];
    let last = source.updatedAt.getTime();
    for (let i = 0; i < 5; i++) {
      const updated = (await updateSourceRow(source.id, { title: `Reworded ${i}` }))!;
      expect(updated.title).toBe(`Reworded ${i}`);
      expect(updated.updatedAt.getTime()).toBeGreaterThan(last);
      last = updated.updatedAt.getTime();
      stamps.push(await sourcesStamp(wiki.id));
    }
    const into = await insertSource(aSource(wiki.id));
    stamps.push(await sourcesStamp(wiki.id));
    await mergeSourceRows(source.id, into.id);
    stamps.push(await sourcesStamp(wiki.id));
    expect(new Set(stamps).size).toBe(stamps.length);
    // Another wiki's change leaves it alone.
    await insertSource(aSource(other.id));
    expect(await sourcesStamp(wiki.id)).toBe(stamps.at(-1));
    expect(await updateSourceRow("no-such-source", { title: "x" })).toBeUndefined();
  });

  it("keeps updated_at growing when the row's time is ahead of the clock", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const ahead = new Date(Date.now() + 3_600_000);
    const source = await insertSource(aSource(wiki.id, { updatedAt: ahead }));
    const updated = (await updateSourceRow(source.id, { notes: "later" }))!;
    expect(updated.updatedAt.getTime()).toBe(ahead.getTime() + 1);
  });

  it("finds live duplicates by identity, except the one named", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const other = await aWiki(owner.id);
    const a = await insertSource(aSource(wiki.id, { dedupeKey: "un:a/70/174" }));
    const b = await insertSource(aSource(wiki.id, { dedupeKey: "un:a/70/174" }));
    const gone = await insertSource(aSource(wiki.id, { dedupeKey: "un:a/70/174" }));
    await mergeSourceRows(gone.id, a.id);
    await insertSource(aSource(other.id, { dedupeKey: "un:a/70/174" }));
    expect((await findDuplicateSources(wiki.id, "un:a/70/174")).map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect((await findDuplicateSources(wiki.id, "un:a/70/174", a.id)).map((s) => s.id)).toEqual([b.id]);
    expect(await findDuplicateSources(wiki.id, "un:none")).toEqual([]);
  });

  it("merges a source with everything merged into it before onto the survivor", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const first = await insertSource(aSource(wiki.id));
    const second = await insertSource(aSource(wiki.id));
    const survivor = await insertSource(aSource(wiki.id));
    await mergeSourceRows(first.id, second.id);
    expect(await listMergedInto(second.id)).toEqual([first.id]);
    await mergeSourceRows(second.id, survivor.id);
    expect((await listMergedInto(survivor.id)).sort()).toEqual([first.id, second.id].sort());
    expect(await listMergedInto(second.id)).toEqual([]);
    expect((await findSource(first.id))!.mergedInto).toBe(survivor.id);
  });

  it("replaces a page's citations and lists where sources are cited, on live pages, by page title then order", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const corfu = await insertSource(aSource(wiki.id));
    const gge = await insertSource(aSource(wiki.id));
    const beta = await aPage(wiki.id, "beta");
    const alpha = await aPage(wiki.id, "Alpha");
    const trashed = await aPage(wiki.id, "Aardvark", new Date());
    await replacePageCitations(beta.id, wiki.id, [citation(1, corfu.id, "22"), citation(2, gge.id), citation(3, corfu.id, "18")]);
    await replacePageCitations(alpha.id, wiki.id, [{ ...citation(1, corfu.id, "4"), context: "States must not knowingly allow." }]);
    await replacePageCitations(trashed.id, wiki.id, [citation(1, corfu.id)]);
    expect(await listCitingPlaces([corfu.id])).toEqual([
      {
        pageId: alpha.id,
        pageTitle: "Alpha",
        pageSlug: alpha.slug,
        ordinal: 1,
        pinpoint: "4",
        blockId: "b1",
        context: "States must not knowingly allow.",
      },
      { pageId: beta.id, pageTitle: "beta", pageSlug: beta.slug, ordinal: 1, pinpoint: "22", blockId: "b1", context: "" },
      { pageId: beta.id, pageTitle: "beta", pageSlug: beta.slug, ordinal: 3, pinpoint: "18", blockId: "b3", context: "" },
    ]);
    expect((await listCitingPlaces([corfu.id, gge.id])).map((p) => `${p.pageTitle} ${p.ordinal}`)).toEqual([
      "Alpha 1",
      "beta 1",
      "beta 2",
      "beta 3",
    ]);
    // Replaced, not added to; and emptied.
    await replacePageCitations(beta.id, wiki.id, [citation(1, gge.id)]);
    expect((await listCitingPlaces([corfu.id])).map((p) => p.pageTitle)).toEqual(["Alpha"]);
    await replacePageCitations(alpha.id, wiki.id, []);
    expect(await listCitingPlaces([corfu.id])).toEqual([]);
    expect(await listCitingPlaces([])).toEqual([]);
  });

  it("writes nothing of a transaction that throws", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const kept = await insertSource(aSource(wiki.id));
    const stamp = await sourcesStamp(wiki.id);
    await expect(
      transaction(async () => {
        await insertSource(aSource(wiki.id));
        await updateSourceRow(kept.id, { title: "Rolled back" });
        throw new Error("abandoned");
      }),
    ).rejects.toThrow("abandoned");
    expect((await listAllSources(wiki.id)).map((s) => s.title)).toEqual([kept.title]);
    expect(await sourcesStamp(wiki.id)).toBe(stamp);
  });
});

describeOnBothDialects("lib/commands/sources", () => {
  const GGE = {
    kind: "un_document" as const,
    title: "Report of the GGE",
    shortTitle: "2015 GGE Report",
    fields: { symbol: "A/70/174" },
    url: "",
    notes: "",
  };

  it("creates, rewords and merges sources, flagging likely duplicates and auditing each change", async () => {
    const owner = await aUser("Olga");
    const wiki = await aWiki(owner.id);
    const { source: first, duplicates: none } = await createSource(wiki.id, GGE, owner.id);
    expect(none).toEqual([]);
    expect(first).toMatchObject({ title: GGE.title, fields: '{"symbol":"A/70/174"}', dedupeKey: "un:a/70/174", createdBy: owner.id });
    const { source: second, duplicates } = await createSource(wiki.id, { ...GGE, fields: { symbol: " a/70/174 " } }, owner.id);
    expect(duplicates.map((s) => s.id)).toEqual([first.id]);

    const reworded = await updateSource(second.id, { ...GGE, title: "GGE report, 2015" }, owner.id);
    expect(reworded.source.title).toBe("GGE report, 2015");
    expect(reworded.duplicates.map((s) => s.id)).toEqual([first.id]);

    expect((await mergeSources(second.id, first.id, owner.id)).id).toBe(first.id);
    expect((await findSource(second.id))!.mergedInto).toBe(first.id);
    const actions = (await listAuditEvents(wiki.id, {}, 10)).map((e) => e.action);
    expect(actions).toEqual(["source.merged", "source.updated", "source.created", "source.created"]);
  });

  it("refuses bad input and impossible merges, changing nothing", async () => {
    const owner = await aUser();
    const wiki = await aWiki(owner.id);
    const other = await aWiki(owner.id);
    const { source } = await createSource(wiki.id, GGE, owner.id);
    const { source: elsewhere } = await createSource(other.id, GGE, owner.id);
    const stamp = await sourcesStamp(wiki.id);
    await expect(createSource(wiki.id, { ...GGE, title: " " }, owner.id)).rejects.toMatchObject({ code: "bad_request" });
    await expect(updateSource("no-such-source", GGE, owner.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(mergeSources(source.id, source.id, owner.id)).rejects.toMatchObject({ code: "bad_request" });
    await expect(mergeSources(source.id, elsewhere.id, owner.id)).rejects.toMatchObject({ code: "bad_request" });
    expect(await sourcesStamp(wiki.id)).toBe(stamp);
    expect((await listAuditEvents(wiki.id, {}, 10)).map((e) => e.action)).toEqual(["source.created"]);
  });
});
