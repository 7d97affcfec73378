import { z, type ZodType } from "zod";
import { auditQuerySchema } from "@/lib/audit/filters";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/session-cookie";
import {
  addMemberSchema,
  commentBodySchema,
  createPageSchema,
  createRelationSchema,
  createThreadSchema,
  createWikiSchema,
  citePageSchema,
  mergeSourceSchema,
  restoreVersionSchema,
  saveVersionSchema,
  updateMemberSchema,
  updatePageSchema,
  updateSourceSchema,
  updateStrandSchema,
  updateThesisSchema,
  updateCitationStyleSchema,
  passwordResetRequestSchema,
} from "@/lib/validations/schemas";
import { auditEventView, auditPageView } from "./audit-presenters";
import { commentRevisionView, inboxItemView, threadView } from "./comment-presenters";
import { diffView, versionContentView, versionView } from "./history-presenters";
import { backlinksView, citationView } from "./link-presenters";
import { sourceInputSchema } from "@/lib/sources/kinds";
import { footnotesView, savedSourceView, sourceDetailView, sourceView } from "@/lib/sources/present";
import { argumentMapView, relationsView, relationView, strandView } from "./strand-presenters";
import { addMemberResultView, errorView, memberView, meView, pageSummaryView, pageView, proseMirrorNode, wikiView } from "./presenters";

/**
 * The OpenAPI 3.1 document for `/api/v1`, generated from the zod schemas that validate requests
 * (`lib/validations/schemas.ts`) and type responses (`lib/api/presenters.ts`), so it cannot
 * drift from what the handlers enforce and return.
 */

type JsonSchema = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Request bodies are described as clients send them (defaults make fields optional). */
const REQUEST_SCHEMAS: Record<string, ZodType> = {
  CreateWikiRequest: createWikiSchema,
  AddMemberRequest: addMemberSchema,
  UpdateMemberRequest: updateMemberSchema,
  CreatePageRequest: createPageSchema,
  UpdatePageRequest: updatePageSchema,
  SaveVersionRequest: saveVersionSchema,
  RestoreRequest: restoreVersionSchema,
  CreateThreadRequest: createThreadSchema,
  CommentBodyRequest: commentBodySchema,
  CitePageRequest: citePageSchema,
  SourceRequest: sourceInputSchema,
  UpdateSourceRequest: updateSourceSchema,
  MergeSourceRequest: mergeSourceSchema,
  UpdateStrandRequest: updateStrandSchema,
  CreateRelationRequest: createRelationSchema,
  UpdateThesisRequest: updateThesisSchema,
  UpdateCitationStyleRequest: updateCitationStyleSchema,
  PasswordResetRequest: passwordResetRequestSchema,
};

const RESPONSE_SCHEMAS: Record<string, ZodType> = {
  Error: errorView,
  Me: meView,
  Wiki: wikiView,
  Member: memberView,
  AddMemberResult: addMemberResultView,
  PageSummary: pageSummaryView,
  Page: pageView,
  ProseMirrorNode: proseMirrorNode,
  Version: versionView,
  VersionContent: versionContentView,
  Diff: diffView,
  Thread: threadView,
  CommentRevision: commentRevisionView,
  InboxItem: inboxItemView,
  Backlinks: backlinksView,
  Citation: citationView,
  Source: sourceView,
  SavedSource: savedSourceView,
  SourceDetail: sourceDetailView,
  Footnotes: footnotesView,
  Strand: strandView,
  Relation: relationView,
  Relations: relationsView,
  ArgumentMap: argumentMapView,
  AuditEvent: auditEventView,
  AuditPage: auditPageView,
};

/** Component schemas, with shared ones referenced by `$ref` rather than repeated. */
function componentSchemas(schemas: Record<string, ZodType>, io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: out } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: "any" });
  // Components sit inside the OpenAPI document; their own `$schema`/`$id` would only confuse tools.
  return Object.fromEntries(Object.entries(out).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema as JsonSchema]));
}

type Operation = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Name of a request component schema. */
  body?: string;
  success: { status: 200 | 201 | 202 | 204; description: string; schema?: JsonSchema };
  /** Error statuses this operation can answer besides 401 (every operation can). */
  errors: (400 | 403 | 404 | 409 | 413 | 415 | 429)[];
  /** Needs no credential. */
  public?: boolean;
  /** Query parameters. */
  query?: { name: string; description: string; required?: boolean }[];
  /** A non-JSON success body (e.g. a download). */
  successType?: string;
  /** A non-JSON request body (e.g. a file upload), as OpenAPI `content`. */
  uploadContent?: Record<string, unknown>;
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid JSON (`invalid_json`) or a request that fails validation (`bad_request`, with per-field `details`)",
  401: "No credential, or an invalid or revoked API token (`unauthorized`)",
  403: "The caller's role in the wiki is too low, or a browser-session request that changes state came from another origin (`forbidden`)",
  404: "No such resource, or the caller has no role in its wiki (`not_found`; existence is not revealed)",
  409: "The change conflicts with the current state (`conflict`)",
  413: "The request body is too large (`payload_too_large`)",
  415: "The body is not `application/json` (`unsupported_media_type`)",
  429: "Too many requests from this address; wait a few minutes (`rate_limited`)",
};

const WRITE_ERRORS = [400, 403, 404, 413, 415] as const;

const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/me",
    operationId: "getMe",
    summary: "The account the credential belongs to",
    success: { status: 200, description: "The caller", schema: ref("Me") },
    errors: [],
  },
  {
    method: "get",
    path: "/wikis",
    operationId: "listWikis",
    summary: "Wikis the caller belongs to, with the caller's role in each",
    success: { status: 200, description: "The caller's wikis", schema: { type: "array", items: ref("Wiki") } },
    errors: [],
  },
  {
    method: "post",
    path: "/wikis",
    operationId: "createWiki",
    summary: "Create a wiki; the caller becomes its owner",
    body: "CreateWikiRequest",
    success: { status: 201, description: "The new wiki", schema: ref("Wiki") },
    errors: [400, 403, 413, 415],
  },
  {
    method: "get",
    path: "/wikis/{wikiId}/members",
    operationId: "listMembers",
    summary: "Members of a wiki (any member may list them)",
    success: { status: 200, description: "The members", schema: { type: "array", items: ref("Member") } },
    errors: [404],
  },
  {
    method: "post",
    path: "/wikis/{wikiId}/members",
    operationId: "addMember",
    summary: "Add a member by e-mail (owners only)",
    description:
      "Adds the account with this e-mail. When nobody has that e-mail yet, answers with a one-time invite link (`kind: \"invite\"`): with e-mail on (`SMTP_URL`), the invitation is also mailed to the address (`mailed: true`); otherwise the owner passes the link on.",
    body: "AddMemberRequest",
    success: { status: 201, description: "The new member, or an invite", schema: ref("AddMemberResult") },
    errors: [...WRITE_ERRORS, 409],
  },
  {
    method: "put",
    path: "/wikis/{wikiId}/members/{userId}",
    operationId: "changeMemberRole",
    summary: "Change a member's role (owners only)",
    description: "A wiki never loses its last owner: demoting it answers 409.",
    body: "UpdateMemberRequest",
    success: { status: 200, description: "The member with the new role", schema: ref("Member") },
    errors: [...WRITE_ERRORS, 409],
  },
  {
    method: "delete",
    path: "/wikis/{wikiId}/members/{userId}",
    operationId: "removeMember",
    summary: "Remove a member (owners only)",
    description: "The last owner cannot be removed (409). The member's open editing connections are closed.",
    success: { status: 204, description: "Removed" },
    errors: [403, 404, 409],
  },
  {
    method: "get",
    path: "/wikis/{wikiId}/pages",
    operationId: "listPages",
    summary: "Live (not trashed) pages of a wiki, depth-first in tree order",
    success: { status: 200, description: "The pages", schema: { type: "array", items: ref("PageSummary") } },
    errors: [404],
  },
  {
    method: "post",
    path: "/wikis/{wikiId}/pages",
    operationId: "createPage",
    summary: "Create a page, optionally from Markdown (editors and owners)",
    description: "Markdown is converted as an imported .md file is: each `[^1]` footnote with a `[^1]: text` definition becomes a new source of kind `other` and its reference a citation of it; a leading `# H1` equal to the title is left out of the body.",
    body: "CreatePageRequest",
    success: { status: 201, description: "The new page", schema: ref("Page") },
    errors: [...WRITE_ERRORS],
  },
  {
    method: "get",
    path: "/pages/{pageId}",
    operationId: "getPage",
    summary: "A page with its body as ProseMirror JSON and plain text",
    success: { status: 200, description: "The page", schema: ref("Page") },
    errors: [404],
  },
  {
    method: "patch",
    path: "/pages/{pageId}",
    operationId: "updatePage",
    summary: "Rename and/or move a page (editors and owners)",
    description:
      "`title` renames the page (its slug follows; the old address keeps redirecting). `parentId` (null for the top level) and `position` move it; a move under itself or one of its own sub-pages answers 400. Give at least one field.",
    body: "UpdatePageRequest",
    success: { status: 200, description: "The updated page", schema: ref("Page") },
    errors: [...WRITE_ERRORS],
  },
  {
    method: "delete",
    path: "/pages/{pageId}",
    operationId: "trashPage",
    summary: "Move a page and its sub-pages to the trash (editors and owners)",
    success: { status: 204, description: "Moved to the trash" },
    errors: [403, 404],
  },
  {
    method: "get",
    path: "/pages/{pageId}/versions",
    operationId: "listVersions",
    summary: "Versions of a page, newest first (any member)",
    query: [{ name: "named", description: "`1` to list only named versions" }],
    success: { status: 200, description: "The versions", schema: { type: "object", properties: { versions: { type: "array", items: ref("Version") } } } },
    errors: [404],
  },
  {
    method: "post",
    path: "/pages/{pageId}/versions",
    operationId: "saveVersion",
    summary: "Record the current content as a named version (editors and owners)",
    description: "Takes no `restoredFrom`: a restore is recorded only by `POST /pages/{pageId}/restore`, which makes the page that version's content.",
    body: "SaveVersionRequest",
    success: { status: 201, description: "The new version", schema: ref("Version") },
    errors: [...WRITE_ERRORS],
  },
  {
    method: "get",
    path: "/pages/{pageId}/versions/{version}",
    operationId: "getVersion",
    summary: "One version with its content as ProseMirror JSON and plain text",
    success: { status: 200, description: "The version", schema: ref("VersionContent") },
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/pages/{pageId}/diff",
    operationId: "diffVersions",
    summary: "Block- and word-level changes between two versions",
    query: [
      { name: "from", description: "Version number", required: true },
      { name: "to", description: "Version number, or `current` (the default)" },
    ],
    success: { status: 200, description: "The changes", schema: ref("Diff") },
    errors: [400, 404],
  },
  {
    method: "post",
    path: "/pages/{pageId}/restore",
    operationId: "restoreVersion",
    summary: "Make a version the current content, live for everyone editing (editors and owners)",
    description: "The restore is a normal collaborative change and is itself recorded as a version named \"Restored version N\".",
    body: "RestoreRequest",
    success: { status: 201, description: "The version recording the restore", schema: ref("Version") },
    errors: [...WRITE_ERRORS],
  },
  {
    method: "get",
    path: "/pages/{pageId}/redline",
    operationId: "downloadRedline",
    summary: "A standalone HTML redline between two versions (a download)",
    query: [
      { name: "from", description: "Version number", required: true },
      { name: "to", description: "Version number, or `current` (the default)" },
      { name: "format", description: "`html` (the default) or `docx` (a Word document with tracked changes, authored and dated from the history)" },
    ],
    successType: "text/html",
    success: { status: 200, description: "An HTML document, or with format=docx a Word document (application/vnd.openxmlformats-officedocument.wordprocessingml.document)", schema: { type: "string" } },
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/pages/{pageId}/export",
    operationId: "exportPage",
    summary: "The page as a document to download: DOCX (Word footnotes), PDF, Markdown (footnotes as [^n]) or standalone HTML",
    description: "Any member may export. The page is a chapter: its title is the level-1 heading and its own headings move one level down. Recorded in the audit log.",
    query: [{ name: "format", description: "`docx`, `pdf`, `md` or `html`", required: true }],
    successType: "application/octet-stream",
    success: { status: 200, description: "The file, with a content type and filename for its format", schema: { type: "string", format: "binary" } },
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/pages/{pageId}/backlinks",
    operationId: "listBacklinks",
    summary: "Pages of the same wiki that link to this page, with the sentence around each link",
    description: "Derived from each linking page's stored content, so it follows edits within seconds (after the collab server compacts them). Links typed by title count once a page has that title.",
    success: { status: 200, description: "What links here", schema: ref("Backlinks") },
    errors: [404],
  },
  {
    method: "post",
    path: "/pages/{pageId}/citation",
    operationId: "citePage",
    summary: "A permalink to a fixed version of the page (optionally one paragraph) and a ready citation string in the wiki's citation style",
    description: "For callers who may save versions, a page changed since its latest version is first recorded as a new automatic version, so the citation always points at the text as it is now.",
    body: "CitePageRequest",
    success: { status: 200, description: "The citation", schema: ref("Citation") },
    errors: [400, 403, 404, 415],
  },
  {
    method: "get",
    path: "/pages/{pageId}/citations",
    operationId: "listPageCitations",
    summary: "The page's footnotes: one per citation in document order, worded in the wiki's citation style (ibid and short forms included)",
    success: { status: 200, description: "The footnotes", schema: ref("Footnotes") },
    errors: [404],
  },
  {
    method: "get",
    path: "/wikis/{wikiId}/sources",
    operationId: "listSources",
    summary: "The wiki's sources registry (any member); `q` filters by text, `kind` by kind; merged duplicates are left out",
    query: [
      { name: "q", description: "Text in the title, short title or fields" },
      { name: "kind", description: "treaty, un_document, judgment, scholarship, state_position or other" },
    ],
    success: { status: 200, description: "The sources", schema: { type: "object", properties: { sources: { type: "array", items: ref("Source") } } } },
    errors: [400, 404],
  },
  {
    method: "post",
    path: "/wikis/{wikiId}/sources",
    operationId: "createSource",
    summary: "Add a source (editors, owners). Fields depend on the kind; likely duplicates (same UN symbol, same court and case…) are returned in `duplicates`, not refused",
    body: "SourceRequest",
    success: { status: 201, description: "The new source and any likely duplicates", schema: ref("SavedSource") },
    errors: [400, 403, 404, 415],
  },
  {
    method: "get",
    path: "/sources/{sourceId}",
    operationId: "getSource",
    summary: "A source and every page and paragraph that cites it, with the pinpoints used",
    success: { status: 200, description: "The source", schema: ref("SourceDetail") },
    errors: [404],
  },
  {
    method: "patch",
    path: "/sources/{sourceId}",
    operationId: "updateSource",
    summary: "Change a source (editors, owners); every footnote citing it reads the new wording",
    body: "UpdateSourceRequest",
    success: { status: 200, description: "The source and any likely duplicates", schema: ref("SavedSource") },
    errors: [400, 403, 404, 415],
  },
  {
    method: "post",
    path: "/sources/{sourceId}/merge",
    operationId: "mergeSource",
    summary: "Merge this source into another of the same wiki (editors, owners); citations of either read as the survivor",
    body: "MergeSourceRequest",
    success: { status: 200, description: "The surviving source", schema: { type: "object", properties: { source: ref("Source") } } },
    errors: [400, 403, 404, 415],
  },
  {
    method: "get",
    path: "/pages/{pageId}/threads",
    operationId: "listThreads",
    summary: "Comment threads on a page, open and resolved, with their comments (any member)",
    success: { status: 200, description: "The threads", schema: { type: "object", properties: { threads: { type: "array", items: ref("Thread") } } } },
    errors: [404],
  },
  {
    method: "post",
    path: "/pages/{pageId}/threads",
    operationId: "createThread",
    summary: "Start a thread (commenters, editors, owners)",
    description:
      "Anchored to the first occurrence of `quote`, or to the top-level block at index `blockId`, or (from the web editor) to `anchor` positions; with none of them, to the page. Bodies are 1 to MAX_COMMENT_LENGTH (default 10,000) characters, shown as text with light Markdown (emphasis, safe links); `@name` mentions a member.",
    body: "CreateThreadRequest",
    success: { status: 201, description: "The new thread", schema: ref("Thread") },
    errors: [...WRITE_ERRORS],
  },
  {
    method: "post",
    path: "/threads/{threadId}/comments",
    operationId: "replyToThread",
    summary: "Reply in a thread (commenters, editors, owners)",
    body: "CommentBodyRequest",
    success: { status: 201, description: "The thread with the reply", schema: ref("Thread") },
    errors: [...WRITE_ERRORS],
  },
  {
    method: "post",
    path: "/threads/{threadId}/resolve",
    operationId: "resolveThread",
    summary: "Resolve a thread (commenters, editors, owners)",
    success: { status: 200, description: "The thread", schema: ref("Thread") },
    errors: [403, 404, 409],
  },
  {
    method: "post",
    path: "/threads/{threadId}/reopen",
    operationId: "reopenThread",
    summary: "Reopen a resolved thread (commenters, editors, owners)",
    success: { status: 200, description: "The thread", schema: ref("Thread") },
    errors: [403, 404, 409],
  },
  {
    method: "patch",
    path: "/comments/{commentId}",
    operationId: "editComment",
    summary: "Edit your own comment; earlier wordings stay readable",
    body: "CommentBodyRequest",
    success: { status: 200, description: "The thread", schema: ref("Thread") },
    errors: [...WRITE_ERRORS, 409],
  },
  {
    method: "delete",
    path: "/comments/{commentId}",
    operationId: "deleteComment",
    summary: "Delete your own comment (owners: any); a tombstone stays in the thread",
    success: { status: 204, description: "Deleted" },
    errors: [403, 404],
  },
  {
    method: "get",
    path: "/comments/{commentId}/revisions",
    operationId: "listCommentRevisions",
    summary: "Every wording of a comment, oldest first",
    success: { status: 200, description: "The wordings", schema: { type: "object", properties: { revisions: { type: "array", items: ref("CommentRevision") } } } },
    errors: [404],
  },
  {
    method: "get",
    path: "/wikis/{wikiId}/threads",
    operationId: "listOpenThreads",
    summary: "Unresolved threads across a wiki's pages, newest first",
    success: { status: 200, description: "The open threads", schema: { type: "object", properties: { threads: { type: "array", items: ref("Thread") } } } },
    errors: [404],
  },
  {
    method: "get",
    path: "/wikis/{wikiId}/export",
    operationId: "exportWiki",
    summary: "Every live page of the wiki in tree order, one chapter each, as DOCX, PDF, Markdown or HTML",
    description: "Any member may export; pages in the trash are left out. Recorded in the audit log.",
    query: [{ name: "format", description: "`docx`, `pdf`, `md` or `html`", required: true }],
    successType: "application/octet-stream",
    success: { status: 200, description: "The file, with a content type and filename for its format", schema: { type: "string", format: "binary" } },
    errors: [400, 404],
  },
  {
    method: "post",
    path: "/wikis/{wikiId}/import",
    operationId: "importPage",
    summary: "A Word (.docx) or Markdown file as a new page (editors)",
    description:
      "Headings, lists, tables and links are kept; each footnote becomes a new source of kind `other` (titled with the note's text) and its reference a citation of it, all in one transaction with the page. Send a multipart form (`file`, `title`, `parentId`; the title defaults to a Markdown file's leading `# H1`, which then leaves the body, else to the file name) or the raw file with its content type and `?title=&parentId=`. Files over `MAX_IMPORT_BYTES` (10 MB) answer 413, documents that unpack to more than 100 MB 413, unreadable files 400; nothing is created then.",
    query: [
      { name: "title", description: "The new page's title (raw uploads)" },
      { name: "parentId", description: "Parent page (raw uploads)" },
    ],
    uploadContent: {
      "multipart/form-data": {
        schema: { type: "object", required: ["file"], properties: { file: { type: "string", format: "binary" }, title: { type: "string" }, parentId: { type: "string" } } },
      },
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { schema: { type: "string", format: "binary" } },
      "text/markdown": { schema: { type: "string" } },
    },
    success: { status: 201, description: "The new page", schema: ref("Page") },
    errors: [400, 403, 404, 413, 415],
  },
  {
    method: "get",
    path: "/wikis/{wikiId}/audit",
    operationId: "listAuditEvents",
    summary: "The wiki's audit log: who did what and when, newest first (owners only)",
    description:
      "Sign-ins, membership and role changes, invitations, page creation, renames, moves, deletion and restores, saved and restored versions, API tokens and exports. Account-level events (sign-ins, tokens) appear for people who are members now, from when they joined. With `format=csv` the answer is a `text/csv` download of every matching event (cells that a spreadsheet would run as a formula start with `'`). Entries cannot be changed or deleted.",
    query: Object.entries(auditQuerySchema.shape).map(([name, schema]) => ({ name, description: schema.description ?? name })),
    success: { status: 200, description: "A page of events", schema: ref("AuditPage") },
    errors: [400, 403, 404],
  },
  {
    method: "get",
    path: "/me/inbox",
    operationId: "getInbox",
    summary: "Mentions of the caller and replies to the caller's threads",
    success: { status: 200, description: "The inbox", schema: { type: "object", properties: { items: { type: "array", items: ref("InboxItem") } } } },
    errors: [],
  },
  {
    method: "post",
    path: "/me/inbox",
    operationId: "markInboxRead",
    summary: "Mark everything in the inbox read",
    success: { status: 200, description: "Done", schema: { type: "object" } },
    errors: [],
  },
  {
    method: "get",
    path: "/search",
    operationId: "search",
    summary: "Search page titles, page text and comments in the wikis the caller belongs to",
    description:
      'Pages whose title matches the whole query come first, then everything else by relevance (SQLite FTS5 bm25, titles weighted 10:1). Every term matches as written (A/70/174, 13(c) and Art. 2(4) are found as such), "double quotes" make a phrase, and the last term matches as a prefix. `titleHtml` and `snippetHtml` are escaped HTML with matches in `<mark>`. A page hit\'s `url` carries `?highlight=` (the page scrolls to and marks that text); a comment hit\'s carries `?thread=` (the comments panel opens the thread).',
    query: [
      { name: "q", description: "What to search for (at most 500 characters); empty gives no results" },
      { name: "wiki", description: "A wiki id, or `all` (default): a wiki the caller is not a member of answers 404" },
      { name: "kind", description: "`pages`, `comments` or `all` (default)" },
      { name: "type", description: "`page` or `comment`: the older spelling of `kind`; give one of the two" },
      { name: "limit", description: "At most this many results, 1–100 (default 50)" },
    ],
    success: {
      status: 200,
      description: "Results, best first",
      schema: {
        type: "object",
        required: ["results"],
        properties: {
          results: {
            type: "array",
            items: {
              type: "object",
              required: ["kind", "id", "wikiId", "pageId", "titleHtml", "snippetHtml", "titleMatch", "wikiName", "pageTitle", "url"],
              properties: {
                kind: { type: "string", enum: ["page", "comment"] },
                id: { type: "string", description: "The page's or the comment's id" },
                wikiId: { type: "string" },
                pageId: { type: "string" },
                threadId: { type: "string", description: "Comment hits: the comment's thread" },
                titleHtml: { type: "string" },
                snippetHtml: { type: "string" },
                titleMatch: { type: "boolean", description: "The whole query matches the page's title" },
                matchText: { type: "string", description: "The first matched text of the snippet" },
                wikiName: { type: "string" },
                pageTitle: { type: "string" },
                url: { type: "string", description: "Where the hit is, relative to the site" },
              },
            },
          },
        },
      },
    },
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/pages/{pageId}/strand",
    operationId: "getStrand",
    summary: "The page's argument-strand fields: claim, stance toward the wiki's thesis, status",
    description: "A page whose fields were never set answers an empty claim, no stance and status draft.",
    success: { status: 200, description: "The strand fields", schema: ref("Strand") },
    errors: [404],
  },
  {
    method: "patch",
    path: "/pages/{pageId}/strand",
    operationId: "updateStrand",
    summary: "Change some of the page's strand fields (editors)",
    description: "Fields not sent keep their value; `stance: null` unsets the stance. Recorded in the audit log.",
    body: "UpdateStrandRequest",
    success: { status: 200, description: "The strand fields after the change", schema: ref("Strand") },
    errors: [400, 403, 404, 415],
  },
  {
    method: "get",
    path: "/pages/{pageId}/relations",
    operationId: "listRelations",
    summary: "Typed relations of this strand: outgoing (this → other) and incoming (other → this)",
    description: "Relations whose other end is in the trash are left out.",
    success: { status: 200, description: "The relations", schema: ref("Relations") },
    errors: [404],
  },
  {
    method: "post",
    path: "/pages/{pageId}/relations",
    operationId: "createRelation",
    summary: "Relate this strand to another of the same wiki (editors)",
    description:
      "`direction: \"outgoing\"` (the default) records this page → toPageId, `\"incoming\"` records toPageId → this page. A strand cannot be related to itself; the same (from, to, kind) twice answers 409.",
    body: "CreateRelationRequest",
    success: { status: 201, description: "The relation, seen from this page", schema: ref("Relation") },
    errors: [400, 403, 404, 409, 415],
  },
  {
    method: "delete",
    path: "/relations/{relationId}",
    operationId: "deleteRelation",
    summary: "Remove a relation between two strands (editors)",
    success: { status: 204, description: "Removed" },
    errors: [403, 404],
  },
  {
    method: "get",
    path: "/wikis/{wikiId}/map",
    operationId: "getArgumentMap",
    summary: "The argument map: every live strand (nodes) and the relations between them (directed edges)",
    success: { status: 200, description: "Nodes and edges", schema: ref("ArgumentMap") },
    errors: [404],
  },
  {
    method: "put",
    path: "/wikis/{wikiId}/thesis",
    operationId: "updateThesis",
    summary: "Set the wiki's thesis, against which every strand states its stance (owners)",
    body: "UpdateThesisRequest",
    success: { status: 200, description: "The thesis", schema: { type: "object", properties: { wikiId: { type: "string" }, thesis: { type: "string" } } } },
    errors: [400, 403, 404, 415],
  },
  {
    method: "put",
    path: "/wikis/{wikiId}/citation-style",
    operationId: "updateCitationStyle",
    summary: "Choose the style every footnote of the wiki is worded in: OSCOLA or Bluebook (owners)",
    description: "An unknown style answers 400 with the list of valid ones. Page footnotes, source citations and exports follow at once.",
    body: "UpdateCitationStyleRequest",
    success: {
      status: 200,
      description: "The style now in use",
      schema: { type: "object", properties: { wikiId: { type: "string" }, style: { type: "string" }, label: { type: "string", description: "Its name as people know it" } } },
    },
    errors: [400, 403, 404, 415],
  },
  {
    method: "post",
    path: "/password-resets",
    operationId: "requestPasswordReset",
    summary: "Ask for a password reset link by e-mail (public: no credential needed)",
    description:
      "Mails a one-time link, valid for an hour, that sets a new password and ends the account's sessions. The answer is always 202 with the same body, whether or not an account uses the address (and when e-mail is off). Limited per e-mail (further requests send nothing) and per client address (429).",
    body: "PasswordResetRequest",
    success: {
      status: 202,
      description: "Accepted; the same answer for every address",
      schema: { type: "object", properties: { ok: { type: "boolean" }, message: { type: "string" } } },
    },
    errors: [400, 413, 415, 429],
    public: true,
  },
  {
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This document (public: no credential needed)",
    success: { status: 200, description: "The OpenAPI 3.1 document", schema: { type: "object" } },
    errors: [],
    public: true,
  },
];

const PATH_PARAMETERS: Record<string, string> = {
  wikiId: "The wiki's id",
  userId: "The member's user id",
  pageId: "The page's id",
  version: "A version number (1, 2, …)",
  threadId: "The thread's id",
  commentId: "The comment's id",
};

function errorResponse(status: number) {
  return { description: ERROR_DESCRIPTIONS[status], content: { "application/json": { schema: ref("Error") } } };
}

function operationObject(op: Operation) {
  const parameters = [
    ...[...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: "path",
      required: true,
      description: PATH_PARAMETERS[name],
      schema: { type: "string" },
    })),
    ...(op.query ?? []).map((q) => ({ name: q.name, in: "query", required: !!q.required, description: q.description, schema: { type: "string" } })),
  ];
  const responses: Record<string, unknown> = {
    [op.success.status]: op.success.schema
      ? { description: op.success.description, content: { [op.successType ?? "application/json"]: { schema: op.success.schema } } }
      : { description: op.success.description },
  };
  for (const status of [...(op.public ? [] : [401]), ...op.errors].sort((a, b) => a - b)) responses[status] = errorResponse(status);
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: ref(op.body) } } } } : {}),
    ...(op.uploadContent ? { requestBody: { required: true, content: op.uploadContent } } : {}),
    responses,
    ...(op.public ? { security: [] } : {}),
  };
}

let components: Record<string, JsonSchema> | undefined;

/** The OpenAPI document; `origin` (e.g. `https://wiki.example.org`) becomes the server URL. */
export function buildOpenApiDocument(origin: string) {
  components ??= { ...componentSchemas(REQUEST_SCHEMAS, "input"), ...componentSchemas(RESPONSE_SCHEMAS, "output") };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Opinio REST API",
      version: "1",
      description:
        "Opinio's REST API. Authenticate with `Authorization: Bearer <personal API token>` (create one with `npm run opinio -- token create`); the browser session works too, but then requests that change state must come from Opinio's own origin. Errors are always `{ \"error\": { \"code\", \"message\" } }` with a matching HTTP status. Ids are opaque strings.",
    },
    servers: [{ url: `${origin}/api/v1` }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A personal API token" },
        sessionCookie: { type: "apiKey", in: "cookie", name: SESSION_COOKIE_NAMES[0], description: "The browser session (same-origin requests only for writes)" },
      },
    },
  };
}
