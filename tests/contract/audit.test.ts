import { expect, it } from "vitest";
import { insertAuditEvent, listAuditEvents, type NewAuditEvent } from "@/db/queries/audit";
import { aMember, aUser, aWiki } from "./fixtures";
import { describeOnBothDialects } from "./harness";

const at = (iso: string) => new Date(iso);

function anEvent(overrides: Partial<NewAuditEvent>): NewAuditEvent {
  return {
    at: at("2026-03-01T10:00:00Z"),
    wikiId: null,
    actorId: null,
    actorName: null,
    action: "page.created",
    targetType: null,
    targetId: null,
    details: "{}",
    ip: null,
    ...overrides,
  };
}

describeOnBothDialects("db/queries/audit", () => {
  it("appends events and lists a wiki's newest first, as written", async () => {
    const owner = await aUser("Olga");
    const wiki = await aWiki(owner.id, at("2026-01-01T00:00:00Z"));
    const other = await aWiki(owner.id);
    await insertAuditEvent(
      anEvent({
        wikiId: wiki.id,
        actorId: owner.id,
        actorName: "Olga",
        action: "page.created",
        targetType: "page",
        targetId: "p1",
        details: '{"title":"Baselines"}',
        ip: "192.0.2.1",
      }),
    );
    await insertAuditEvent(anEvent({ wikiId: wiki.id, action: "page.renamed" }));
    await insertAuditEvent(anEvent({ wikiId: other.id, action: "page.deleted" }));
    const events = await listAuditEvents(wiki.id, {}, 10);
    expect(events.map((e) => e.action)).toEqual(["page.renamed", "page.created"]);
    expect(events[1]).toMatchObject({
      wikiId: wiki.id,
      actorId: owner.id,
      actorName: "Olga",
      targetType: "page",
      targetId: "p1",
      details: '{"title":"Baselines"}',
      ip: "192.0.2.1",
      at: at("2026-03-01T10:00:00Z"),
    });
    expect(typeof events[0].id).toBe("number");
    expect(events[0].id).toBeGreaterThan(events[1].id);
  });

  it("filters by actor, action or category, time range, and pages with beforeId and limit", async () => {
    const owner = await aUser("Olga");
    const editor = await aUser("Ed");
    const wiki = await aWiki(owner.id, at("2026-01-01T00:00:00Z"));
    await aMember(wiki.id, editor.id, at("2026-01-01T00:00:00Z"));
    const write = (action: string, actorId: string, iso: string) =>
      insertAuditEvent(anEvent({ wikiId: wiki.id, actorId, action, at: at(iso) }));
    await write("page.created", owner.id, "2026-03-01T10:00:00Z");
    await write("page.renamed", editor.id, "2026-03-02T10:00:00Z");
    await write("pages.exported", editor.id, "2026-03-03T10:00:00Z"); // not in category "page"
    await write("comment.created", editor.id, "2026-03-04T10:00:00Z");

    const actions = async (filter: Parameters<typeof listAuditEvents>[1], limit = 10) =>
      (await listAuditEvents(wiki.id, filter, limit)).map((e) => e.action);
    expect(await actions({ actorId: editor.id })).toEqual(["comment.created", "pages.exported", "page.renamed"]);
    expect(await actions({ action: "page" })).toEqual(["page.renamed", "page.created"]);
    expect(await actions({ action: "page.created" })).toEqual(["page.created"]);
    expect(await actions({ from: at("2026-03-02T10:00:00Z"), to: at("2026-03-04T10:00:00Z") })).toEqual(["pages.exported", "page.renamed"]);
    const firstPage = await listAuditEvents(wiki.id, {}, 2);
    expect(firstPage.map((e) => e.action)).toEqual(["comment.created", "pages.exported"]);
    expect(await actions({ beforeId: firstPage[1].id })).toEqual(["page.renamed", "page.created"]);
  });

  it("shows account-level events of current members only, from when they joined", async () => {
    const owner = await aUser("Olga");
    const member = await aUser("Mia");
    const outsider = await aUser("Otto");
    const wiki = await aWiki(owner.id, at("2026-01-01T00:00:00Z"));
    await aMember(wiki.id, member.id, at("2026-02-01T00:00:00Z"));
    const signIn = (actorId: string, iso: string) => insertAuditEvent(anEvent({ actorId, action: "account.signed-in", at: at(iso) }));
    await signIn(member.id, "2026-01-15T00:00:00Z"); // before joining: not shown
    await signIn(member.id, "2026-02-15T00:00:00Z");
    await signIn(outsider.id, "2026-02-15T00:00:00Z");
    const shown = await listAuditEvents(wiki.id, { action: "account" }, 10);
    expect(shown.map((e) => [e.actorId, e.at.toISOString()])).toEqual([[member.id, "2026-02-15T00:00:00.000Z"]]);
  });
});
