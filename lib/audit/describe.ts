import type { AuditEvent } from "@/db/schema";
import { CITATION_STYLES } from "@/lib/citations/styles";
import { AUDIT_ACTIONS } from "./actions";

/** An audit event in plain words, for the audit page, the CSV export and the REST answer. */
export type AuditDescription = {
  /** What kind of thing happened ("Page renamed"). */
  label: string;
  /** What it happened to ("page “Claim”", "Ada Lovelace"), or "" when nothing in particular. */
  target: string;
  /** The particulars ("from “Claim” to “Thesis”"), or "". */
  details: string;
};

type Details = Record<string, unknown>;

/** Details are written by our own code, but an old or odd row must still display. */
export function parseAuditDetails(raw: string): Details {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Details) : {};
  } catch {
    return {};
  }
}

const text = (value: unknown): string => (typeof value === "string" ? value : typeof value === "number" ? String(value) : "");
const quoted = (value: unknown): string => (text(value) ? `“${text(value)}”` : "");
const page = (d: Details) => (text(d.title) ? `page ${quoted(d.title)}` : "a page");
const person = (d: Details) => text(d.name) || "a former member";
const subPages = (d: Details) =>
  typeof d.subPages === "number" && d.subPages > 0 ? `with ${d.subPages} sub-page${d.subPages === 1 ? "" : "s"}` : "";
const under = (title: unknown) => (text(title) ? `under ${quoted(title)}` : "the top level");

/** A style's name as people know it ("OSCOLA"); an id no longer registered still shows as stored. */
const styleName = (id: unknown): string => CITATION_STYLES[text(id)]?.label ?? (text(id) || "?");

const SIGN_IN_METHODS: Record<string, string> = {
  credentials: "with a password",
  oidc: "through single sign-on",
  github: "through GitHub",
};

function describeMove(d: Details): string {
  if (d.fromParentId === d.toParentId) return text(d.toParent) ? `reordered under ${quoted(d.toParent)}` : "reordered at the top level";
  return `from ${under(d.fromParent)} to ${under(d.toParent)}`;
}

function describeExport(d: Details): { target: string; details: string } {
  const format = text(d.format).toUpperCase();
  if (d.what === "audit-log") return { target: "the audit log", details: format };
  if (d.what === "redline")
    return { target: page(d), details: [`${format} redline`, `version ${text(d.from)} to ${text(d.to)}`].join(", ") };
  return { target: text(d.title) ? page(d) : "", details: [text(d.what), format].filter(Boolean).join(", ") };
}

function describeDecision(action: string): string {
  if (action === AUDIT_ACTIONS.suggestionAccepted) return "Suggestion accepted";
  if (action === AUDIT_ACTIONS.suggestionRejected) return "Suggestion rejected";
  return "Suggestion withdrawn";
}

function describeSuggestion(d: Details): string {
  const count = Number(d.count ?? 1);
  const what = count > 1 ? `${count} suggestions` : text(d.text);
  return [what, text(d.authorName) ? `by ${text(d.authorName)}` : ""].filter(Boolean).join(" ");
}

/** Label, target and particulars of an event, from its action and the details stored with it. */
export function describeAuditEvent(event: Pick<AuditEvent, "action" | "details">): AuditDescription {
  const d = parseAuditDetails(event.details);
  switch (event.action) {
    case AUDIT_ACTIONS.signedIn:
      return {
        label: "Signed in",
        target: "",
        details: SIGN_IN_METHODS[text(d.method)] ?? `through ${text(d.method) || "an unknown method"}`,
      };
    case AUDIT_ACTIONS.signInFailed:
      return { label: "Sign-in failed", target: "", details: text(d.reason) };
    case AUDIT_ACTIONS.passwordChanged:
      return { label: "Password changed", target: "", details: d.endedOtherSessions === true ? "every other browser signed out" : "" };
    case AUDIT_ACTIONS.passwordResetRequested:
      return { label: "Password reset requested", target: "", details: "a link was sent by e-mail" };
    case AUDIT_ACTIONS.passwordResetUsed:
      return { label: "Password reset", target: "", details: "with a link from an e-mail; every session ended" };
    case AUDIT_ACTIONS.tokenCreated:
      return { label: "API token created", target: `token ${quoted(d.name)}`, details: "" };
    case AUDIT_ACTIONS.tokenRevoked:
      return { label: "API token revoked", target: `token ${quoted(d.name)}`, details: "" };
    case AUDIT_ACTIONS.wikiCreated:
      return { label: "Wiki created", target: `wiki ${quoted(d.name)}`, details: "" };
    case AUDIT_ACTIONS.memberAdded:
      return { label: "Member added", target: person(d), details: `as ${text(d.role)}` };
    case AUDIT_ACTIONS.memberRoleChanged:
      return { label: "Role changed", target: person(d), details: `from ${text(d.from)} to ${text(d.to)}` };
    case AUDIT_ACTIONS.memberRemoved:
      return { label: "Member removed", target: person(d), details: text(d.role) ? `was ${text(d.role)}` : "" };
    case AUDIT_ACTIONS.inviteCreated:
      return { label: "Invitation created", target: text(d.email), details: `as ${text(d.role)}` };
    case AUDIT_ACTIONS.inviteSent:
      return { label: "Invitation sent", target: text(d.email), details: "by e-mail" };
    case AUDIT_ACTIONS.inviteResent:
      return {
        label: "Invitation renewed",
        target: text(d.email),
        details: d.mailed ? "a new link, sent by e-mail" : "a new link, to pass on",
      };
    case AUDIT_ACTIONS.inviteAccepted:
      return { label: "Invitation accepted", target: text(d.email), details: `joined as ${text(d.role)}` };
    case AUDIT_ACTIONS.inviteRevoked:
      return { label: "Invitation revoked", target: text(d.email), details: "" };
    case AUDIT_ACTIONS.pageCreated:
      return { label: "Page created", target: page(d), details: "" };
    case AUDIT_ACTIONS.pageRenamed:
      return { label: "Page renamed", target: `page ${quoted(d.to)}`, details: `from ${quoted(d.from)} to ${quoted(d.to)}` };
    case AUDIT_ACTIONS.pageMoved:
      return { label: "Page moved", target: page(d), details: describeMove(d) };
    case AUDIT_ACTIONS.pageTrashed:
      return { label: "Page deleted", target: page(d), details: ["moved to the trash", subPages(d)].filter(Boolean).join(" ") };
    case AUDIT_ACTIONS.pageRestored:
      return { label: "Page restored", target: page(d), details: ["from the trash", subPages(d)].filter(Boolean).join(" ") };
    case AUDIT_ACTIONS.pagePurged:
      return { label: "Page purged", target: page(d), details: "deleted for good" };
    case AUDIT_ACTIONS.versionSaved:
      return { label: "Version saved", target: page(d), details: [`version ${text(d.version)}`, quoted(d.name)].filter(Boolean).join(" ") };
    case AUDIT_ACTIONS.versionRestored:
      return {
        label: "Version restored",
        target: page(d),
        details: d.restoredFrom
          ? `version ${text(d.restoredFrom)} brought back as version ${text(d.version)}`
          : `recorded as version ${text(d.version)}`,
      };
    case AUDIT_ACTIONS.export:
      return { label: "Exported", ...describeExport(d) };
    case AUDIT_ACTIONS.suggestionRefused:
      return {
        label: "Edit refused",
        target: page(d),
        details: `${d.role && d.role !== "reviewer" ? "an editor's" : "a reviewer's"} change was refused: ${text(d.reason)}`,
      };
    case AUDIT_ACTIONS.suggestionAccepted:
    case AUDIT_ACTIONS.suggestionRejected:
    case AUDIT_ACTIONS.suggestionWithdrawn:
      return { label: describeDecision(event.action), target: page(d), details: describeSuggestion(d) };
    case AUDIT_ACTIONS.strandUpdated:
      return { label: "Strand changed", target: page(d), details: text(d.changes) };
    case AUDIT_ACTIONS.relationAdded:
      return { label: "Relation added", target: page(d), details: `${text(d.kind).replace("_", " ")} ${quoted(d.toTitle)}` };
    case AUDIT_ACTIONS.relationRemoved:
      return { label: "Relation removed", target: page(d), details: `${text(d.kind).replace("_", " ")} ${quoted(d.toTitle)}` };
    case AUDIT_ACTIONS.thesisChanged:
      return { label: "Thesis changed", target: "", details: quoted(d.thesis) || "cleared" };
    case AUDIT_ACTIONS.citationStyleChanged:
      return { label: "Citation style changed", target: "", details: `from ${styleName(d.from)} to ${styleName(d.to)}` };
    default:
      return { label: event.action, target: "", details: "" };
  }
}
