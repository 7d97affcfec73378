/**
 * Every kind of audit event, named "subject.verb". The part before the dot is the event's
 * category, which is what the audit log's "kind of action" filter matches on.
 */
export const AUDIT_ACTIONS = {
  signedIn: "auth.signed-in",
  signInFailed: "auth.sign-in-failed",
  passwordChanged: "auth.password-changed",
  /** A reset link was mailed (recorded only for accounts that exist). */
  passwordResetRequested: "auth.password-reset-requested",
  /** A reset link was used: new password, every session ended. */
  passwordResetUsed: "auth.password-reset-used",
  tokenCreated: "token.created",
  tokenRevoked: "token.revoked",
  wikiCreated: "wiki.created",
  memberAdded: "member.added",
  memberRoleChanged: "member.role-changed",
  memberRemoved: "member.removed",
  inviteCreated: "invite.created",
  /** The invitation went into the outbox to be mailed (SMTP_URL set). */
  inviteSent: "invite.sent",
  /** An owner sent the invitation again, with a new link. */
  inviteResent: "invite.resent",
  inviteAccepted: "invite.accepted",
  inviteRevoked: "invite.revoked",
  pageCreated: "page.created",
  pageRenamed: "page.renamed",
  pageMoved: "page.moved",
  pageTrashed: "page.trashed",
  pageRestored: "page.restored",
  /** Reserved: pages are never purged from the trash yet. */
  pagePurged: "page.purged",
  sourceCreated: "source.created",
  sourceUpdated: "source.updated",
  sourceMerged: "source.merged",
  strandUpdated: "strand.updated",
  relationAdded: "strand.relation-added",
  relationRemoved: "strand.relation-removed",
  thesisChanged: "wiki.thesis-changed",
  citationStyleChanged: "wiki.citation-style-changed",
  versionSaved: "version.saved",
  versionRestored: "version.restored",
  /** A suggest-only (reviewer) connection sent an update that was not only its own suggestions. */
  suggestionRefused: "suggestion.refused",
  suggestionAccepted: "suggestion.accepted",
  suggestionRejected: "suggestion.rejected",
  suggestionWithdrawn: "suggestion.withdrawn",
  /**
   * Any download of wiki content (redlines today; DOCX/PDF/Markdown exports later). One action
   * for all of them, with `details.what` and `details.format` saying which.
   */
  export: "export",
} as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];

/** The filter's kinds of action, in the order the audit page offers them. */
export const AUDIT_CATEGORIES = [
  { value: "auth", label: "Sign-ins" },
  { value: "member", label: "Members" },
  { value: "invite", label: "Invitations" },
  { value: "page", label: "Pages" },
  { value: "version", label: "Versions" },
  { value: "suggestion", label: "Suggestions" },
  { value: "source", label: "Sources" },
  { value: "strand", label: "Strands and relations" },
  { value: "token", label: "API tokens" },
  { value: "export", label: "Exports" },
  { value: "wiki", label: "Wiki" },
] as const;
