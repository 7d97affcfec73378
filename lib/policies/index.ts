import type { Role } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * The one place that answers "may someone with this role do this?". REST handlers, server actions,
 * page rendering and the collab server all ask here; nothing is decided in the UI alone.
 */
export type Action =
  | "wiki.read"
  | "wiki.manage-members"
  | "wiki.view-trash"
  | "wiki.read-audit"
  | "page.read"
  | "page.create"
  | "page.edit"
  | "page.rename"
  | "page.move"
  | "page.delete"
  | "page.restore-from-trash"
  | "page.comment"
  | "page.read-history"
  | "page.save-version"
  | "page.restore-version"
  | "comment.delete-any"
  | "source.read"
  | "source.edit"
  | "strand.edit"
  | "wiki.edit-thesis"
  | "wiki.change-settings"
  | "page.suggest"
  | "suggestion.decide";

const RANK: Record<Role, number> = { viewer: 1, commenter: 2, reviewer: 3, editor: 4, owner: 5 };

const MINIMUM_ROLE: Record<Action, Role> = {
  "wiki.read": "viewer",
  "page.read": "viewer",
  "page.comment": "commenter",
  // Reviewers propose wording as tracked changes (suggestions); editors and owners may suggest too.
  "page.suggest": "reviewer",
  // Accepting or rejecting a suggestion changes the text: the people who may edit it decide.
  "suggestion.decide": "editor",
  "page.read-history": "viewer",
  "page.save-version": "editor",
  "page.restore-version": "editor",
  "comment.delete-any": "owner",
  "source.read": "viewer",
  // Adding, correcting and merging authorities is part of writing the wiki.
  "source.edit": "editor",
  "page.create": "editor",
  "page.edit": "editor",
  "page.rename": "editor",
  "page.move": "editor",
  "page.delete": "editor",
  "wiki.view-trash": "owner",
  "page.restore-from-trash": "owner",
  "wiki.manage-members": "owner",
  // Who did what includes members' sign-ins and addresses: for the people who answer for the wiki.
  "wiki.read-audit": "owner",
  // Claim, stance, status and relations are part of writing the argument.
  "strand.edit": "editor",
  // The thesis frames every strand's stance: changing it is a decision for those who answer for the wiki.
  "wiki.edit-thesis": "owner",
  // Settings such as the citation style change how the whole wiki reads, for every member.
  "wiki.change-settings": "owner",
};

export function can(role: Role | null | undefined, action: Action): boolean {
  if (!role) return false;
  return RANK[role] >= RANK[MINIMUM_ROLE[action]];
}

/**
 * Throws unless the role allows the action. Someone with no role at all gets "not found", so the
 * existence of a wiki or page is not revealed to outsiders.
 */
export function authorize(role: Role | null | undefined, action: Action): asserts role is Role {
  if (!role) throw new AppError("not_found", "Not found");
  if (!can(role, action)) throw new AppError("forbidden", `Your role (${role}) does not allow this`);
}

/** Everything the UI needs to know about what a role may do, computed here rather than re-derived. */
export function abilities(role: Role | null) {
  return {
    read: can(role, "page.read"),
    comment: can(role, "page.comment"),
    suggest: can(role, "page.suggest"),
    decideSuggestions: can(role, "suggestion.decide"),
    edit: can(role, "page.edit"),
    createPages: can(role, "page.create"),
    manageMembers: can(role, "wiki.manage-members"),
    viewTrash: can(role, "wiki.view-trash"),
    readAudit: can(role, "wiki.read-audit"),
    saveVersions: can(role, "page.save-version"),
    restoreVersions: can(role, "page.restore-version"),
    deleteAnyComment: can(role, "comment.delete-any"),
    editSources: can(role, "source.edit"),
    editStrands: can(role, "strand.edit"),
    editThesis: can(role, "wiki.edit-thesis"),
    changeSettings: can(role, "wiki.change-settings"),
  };
}
export type Abilities = ReturnType<typeof abilities>;

/**
 * Collab connections are writable for roles that may at least suggest. A suggest-only connection
 * (see collabSuggestOnly) is writable only through the collab server's reviewer guard
 * (lib/collab/extensions/suggestion-guard.ts), which refuses anything but its own suggestions.
 */
export function collabReadOnly(role: Role): boolean {
  return !can(role, "page.suggest");
}

/** Whether a writable collab connection may change the text only by suggesting. */
export function collabSuggestOnly(role: Role): boolean {
  return can(role, "page.suggest") && !can(role, "page.edit");
}
