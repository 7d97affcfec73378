import type { JSONContent } from "@tiptap/core";
import { z } from "zod";
import type { PageSummary } from "@/db/queries/pages";
import type { Member } from "@/db/queries/wikis";
import { ROLES, type Page, type Role, type User, type Wiki } from "@/db/schema";
import type { ErrorCode } from "@/lib/errors";
import { inviteUrl } from "@/lib/mail/invitations";
import { publicOrigin, requestHost, requestProtocol } from "@/lib/server/request-origin";
import { pageUrl } from "@/lib/wikis/access";
import { strandView } from "./strand-presenters";

/**
 * What the REST API answers, as zod schemas: the presenters below are typed by them and the
 * OpenAPI document is generated from them, so the documented shapes are the returned shapes.
 */

const id = z.string().describe("Opaque identifier");
const timestamp = z.string().describe("ISO 8601 date and time (UTC)");
const role = z.enum(ROLES);

/** Every code `lib/errors.ts` can produce; a Record so a new code cannot be forgotten here. */
const ERROR_CODES: Record<ErrorCode, true> = {
  bad_request: true,
  invalid_json: true,
  unauthorized: true,
  forbidden: true,
  not_found: true,
  conflict: true,
  payload_too_large: true,
  unsupported_media_type: true,
  rate_limited: true,
  internal: true,
};

export const errorView = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string().describe("For people; never carries database detail"),
    details: z.unknown().optional().describe("Per-field validation problems, when the request body was invalid"),
  }),
});

export const meView = z.object({ id, email: z.string(), name: z.string() });

export const wikiView = z.object({
  id,
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  role: role.describe("The caller's role in this wiki"),
  url: z.string().describe("The wiki's web address"),
  citationStyle: z
    .string()
    .describe("The style footnotes are worded in (`oscola`, `bluebook`); owners change it with PUT /wikis/{wikiId}/citation-style"),
  createdAt: timestamp,
});

export const memberView = z.object({ userId: id, email: z.string(), name: z.string(), role });

export const addMemberResultView = z.discriminatedUnion("kind", [
  memberView.extend({ kind: z.literal("member").describe("An existing account was added") }),
  z.object({
    kind: z.literal("invite").describe("Nobody has this e-mail yet: a one-time invite link, mailed when e-mail is on, else to pass on"),
    inviteId: id,
    email: z.string(),
    role,
    inviteUrl: z.string().describe("Shown once; opening it lets the invitee create an account and join"),
    mailed: z.boolean().describe("True when the invitation is on its way by e-mail (SMTP_URL set); false when e-mail is off"),
  }),
]);

export const pageSummaryView = z.object({
  id,
  wikiId: id,
  title: z.string(),
  slug: z.string(),
  parentId: id.nullable(),
  position: z.number().describe("Order among siblings"),
  url: z.string().describe("The page's web address"),
  updatedAt: timestamp,
});

type ProseMirrorNode = {
  type: string;
  attrs?: Record<string, unknown>;
  content?: ProseMirrorNode[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
};

export const proseMirrorNode: z.ZodType<ProseMirrorNode> = z.object({
  type: z.string(),
  attrs: z.record(z.string(), z.unknown()).optional(),
  get content() {
    return z.array(proseMirrorNode).optional();
  },
  marks: z.array(z.object({ type: z.string(), attrs: z.record(z.string(), z.unknown()).optional() })).optional(),
  text: z.string().optional(),
});

export const pageView = pageSummaryView.extend({
  json: proseMirrorNode.describe("The page body as ProseMirror JSON (the editor's schema)"),
  text: z.string().describe("The page body as plain text, blocks separated by blank lines"),
  strand: strandView.omit({ pageId: true }).describe("The page's argument-strand fields (also at /pages/{pageId}/strand)"),
});

export type MeView = z.infer<typeof meView>;
export type WikiView = z.infer<typeof wikiView>;
export type MemberView = z.infer<typeof memberView>;
export type AddMemberResultView = z.infer<typeof addMemberResultView>;
export type PageSummaryView = z.infer<typeof pageSummaryView>;
export type PageView = z.infer<typeof pageView>;

/**
 * The origin for absolute web addresses in responses: PUBLIC_URL when set, else the one the
 * caller reached us on. The same module decides the same-origin check in `lib/api/handler.ts`,
 * so both agree behind a reverse proxy.
 */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const protocol = requestProtocol(request.headers, url.protocol === "https:" ? "https" : "http");
  return publicOrigin(`${protocol}://${requestHost(request.headers) ?? url.host}`);
}

export function presentMe(user: Pick<User, "id" | "email" | "name">): MeView {
  return { id: user.id, email: user.email, name: user.name };
}

export function presentWiki(wiki: Wiki, callerRole: Role, origin: string): WikiView {
  return {
    id: wiki.id,
    slug: wiki.slug,
    name: wiki.name,
    description: wiki.description,
    role: callerRole,
    url: `${origin}/w/${encodeURIComponent(wiki.slug)}`,
    citationStyle: wiki.citationStyle,
    createdAt: wiki.createdAt.toISOString(),
  };
}

export function presentMember(member: Pick<Member, "userId" | "email" | "name" | "role">): MemberView {
  return { userId: member.userId, email: member.email, name: member.name, role: member.role };
}

export function presentInvite(
  invite: { inviteId: string; inviteToken: string; email: string; role: Role; mailed: boolean },
  origin: string,
): AddMemberResultView {
  return {
    kind: "invite",
    inviteId: invite.inviteId,
    email: invite.email,
    role: invite.role,
    inviteUrl: inviteUrl(origin, invite.inviteToken),
    mailed: invite.mailed,
  };
}

export function presentPageSummary(page: PageSummary | Page, wiki: Pick<Wiki, "slug">, origin: string): PageSummaryView {
  return {
    id: page.id,
    wikiId: page.wikiId,
    title: page.title,
    slug: page.slug,
    parentId: page.parentId,
    position: page.position,
    url: origin + pageUrl(wiki.slug, page.slug),
    updatedAt: page.updatedAt.toISOString(),
  };
}

export function presentPage(
  page: Page,
  wiki: Pick<Wiki, "slug">,
  content: { json: JSONContent; text: string },
  origin: string,
  strand: PageView["strand"],
): PageView {
  return { ...presentPageSummary(page, wiki, origin), json: content.json as ProseMirrorNode, text: content.text, strand };
}
