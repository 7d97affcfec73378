import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/db/schema/wikis";
import { abilities, authorize, can, collabReadOnly, collabSuggestOnly, type Action } from "./index";

// The whole ability matrix in one table, so any change to who-may-do-what shows up here.
const MATRIX: Record<Action, Role[]> = {
  "wiki.read": ["owner", "editor", "reviewer", "commenter", "viewer"],
  "page.read": ["owner", "editor", "reviewer", "commenter", "viewer"],
  "page.comment": ["owner", "editor", "reviewer", "commenter"],
  "page.suggest": ["owner", "editor", "reviewer"],
  "suggestion.decide": ["owner", "editor"],
  "page.read-history": ["owner", "editor", "reviewer", "commenter", "viewer"],
  "page.save-version": ["owner", "editor"],
  "page.restore-version": ["owner", "editor"],
  "comment.delete-any": ["owner"],
  "page.create": ["owner", "editor"],
  "page.edit": ["owner", "editor"],
  "page.rename": ["owner", "editor"],
  "page.move": ["owner", "editor"],
  "page.delete": ["owner", "editor"],
  "wiki.view-trash": ["owner"],
  "page.restore-from-trash": ["owner"],
  "wiki.manage-members": ["owner"],
  "wiki.read-audit": ["owner"],
  "source.read": ["owner", "editor", "reviewer", "commenter", "viewer"],
  "source.edit": ["owner", "editor"],
  "strand.edit": ["owner", "editor"],
  "wiki.edit-thesis": ["owner"],
  "wiki.change-settings": ["owner"],
};

describe("policies", () => {
  for (const [action, allowed] of Object.entries(MATRIX) as [Action, Role[]][]) {
    it(`${action}: only ${allowed.join(", ")}`, () => {
      for (const role of ROLES) expect(can(role, action)).toBe(allowed.includes(role));
      expect(can(null, action)).toBe(false);
    });
  }

  it("hides existence from outsiders and names the role to members", () => {
    expect(() => authorize(null, "page.read")).toThrow(expect.objectContaining({ code: "not_found" }));
    expect(() => authorize("viewer", "page.edit")).toThrow(expect.objectContaining({ code: "forbidden" }));
    expect(() => authorize("editor", "page.edit")).not.toThrow();
  });

  it("makes collab connections writable for editors, owners and (through the reviewer guard) reviewers", () => {
    expect(ROLES.filter((r) => !collabReadOnly(r))).toEqual(["owner", "editor", "reviewer"]);
  });

  it("lets reviewers change the text only by suggesting", () => {
    expect(ROLES.filter((r) => collabSuggestOnly(r))).toEqual(["reviewer"]);
    expect(abilities("reviewer")).toMatchObject({ comment: true, suggest: true, edit: false, decideSuggestions: false });
    expect(abilities("editor")).toMatchObject({ suggest: true, edit: true, decideSuggestions: true });
  });

  it("summarises abilities for the UI from the same rules", () => {
    expect(abilities("commenter")).toMatchObject({ read: true, comment: true, edit: false, manageMembers: false });
    expect(abilities(null)).toMatchObject({ read: false, edit: false, readAudit: false });
    expect(ROLES.filter((r) => abilities(r).readAudit)).toEqual(["owner"]);
  });
});
