import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "./actions";
import { describeAuditEvent, parseAuditDetails } from "./describe";

const event = (action: string, details: unknown) => ({ action, details: JSON.stringify(details) });

describe("describeAuditEvent", () => {
  it("puts each kind of event in plain words", () => {
    expect(describeAuditEvent(event(AUDIT_ACTIONS.memberRoleChanged, { name: "Ada", from: "editor", to: "viewer" }))).toEqual({
      label: "Role changed",
      target: "Ada",
      details: "from editor to viewer",
    });
    expect(describeAuditEvent(event(AUDIT_ACTIONS.pageRenamed, { from: "Claim", to: "Thesis" }))).toEqual({
      label: "Page renamed",
      target: "page “Thesis”",
      details: "from “Claim” to “Thesis”",
    });
    expect(
      describeAuditEvent(
        event(AUDIT_ACTIONS.pageMoved, { title: "A", fromParentId: "p", fromParent: "Parent", toParentId: null, toParent: null }),
      ).details,
    ).toBe("from under “Parent” to the top level");
    expect(describeAuditEvent(event(AUDIT_ACTIONS.pageMoved, { title: "A", fromParentId: null, toParentId: null })).details).toBe(
      "reordered at the top level",
    );
    expect(describeAuditEvent(event(AUDIT_ACTIONS.pageTrashed, { title: "A", subPages: 2 })).details).toBe(
      "moved to the trash with 2 sub-pages",
    );
    expect(describeAuditEvent(event(AUDIT_ACTIONS.versionRestored, { title: "A", version: 7, restoredFrom: 3 })).details).toBe(
      "version 3 brought back as version 7",
    );
    expect(describeAuditEvent(event(AUDIT_ACTIONS.signedIn, { method: "credentials" })).details).toBe("with a password");
    expect(describeAuditEvent(event(AUDIT_ACTIONS.export, { what: "audit-log", format: "csv" }))).toEqual({
      label: "Exported",
      target: "the audit log",
      details: "CSV",
    });
    expect(describeAuditEvent(event(AUDIT_ACTIONS.strandUpdated, { title: "A", changes: "stance: supports; status: settled" }))).toEqual({
      label: "Strand changed",
      target: "page “A”",
      details: "stance: supports; status: settled",
    });
    expect(
      describeAuditEvent(event(AUDIT_ACTIONS.relationAdded, { title: "Lex ferenda", kind: "relies_on", toTitle: "UN consensus" })),
    ).toEqual({ label: "Relation added", target: "page “Lex ferenda”", details: "relies on “UN consensus”" });
    expect(describeAuditEvent(event(AUDIT_ACTIONS.relationRemoved, { title: "A", kind: "rebuts", toTitle: "B" })).details).toBe(
      "rebuts “B”",
    );
    expect(describeAuditEvent(event(AUDIT_ACTIONS.thesisChanged, { thesis: "" })).details).toBe("cleared");
    expect(describeAuditEvent(event(AUDIT_ACTIONS.citationStyleChanged, { from: "oscola", to: "bluebook" }))).toEqual({
      label: "Citation style changed",
      target: "",
      details: "from OSCOLA to Bluebook",
    });
  });

  it("still shows rows with odd or missing details, and actions it does not know", () => {
    expect(describeAuditEvent({ action: AUDIT_ACTIONS.memberRemoved, details: "not json" })).toEqual({
      label: "Member removed",
      target: "a former member",
      details: "",
    });
    expect(describeAuditEvent(event("something.new", {}))).toEqual({ label: "something.new", target: "", details: "" });
    expect(parseAuditDetails("[1,2]")).toEqual({});
    expect(parseAuditDetails("null")).toEqual({});
  });
});
