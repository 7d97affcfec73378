import { z } from "zod";
import { RELATION_KINDS, STANCES, STRAND_STATUSES } from "@/db/schema/strands";
import { ROLES } from "@/db/schema/wikis";
import { NOTIFICATION_MAIL_MODES } from "@/db/schema/comments";
import { SOURCE_KINDS } from "@/db/schema/sources";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import { CITATION_STYLES } from "@/lib/citations/styles";
import { MAX_TITLE_LENGTH } from "./limits";

/**
 * Request shapes, shared by REST handlers, server actions and the OpenAPI document, so the
 * documentation cannot drift from what is enforced.
 */
export const emailSchema = z.string().trim().toLowerCase().email("Enter a valid e-mail address").max(320);
export const nameSchema = z.string().trim().min(1, "Name is required").max(100);
export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024);
export const roleSchema = z.enum(ROLES);
export const titleSchema = z
  .string()
  .trim()
  .min(1, "Title is required")
  .max(MAX_TITLE_LENGTH, `Title is at most ${MAX_TITLE_LENGTH} characters`);

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(1024),
    newPassword: passwordSchema,
    repeatPassword: z.string(),
    // A checkbox: present ("on") when ticked, absent otherwise.
    endOtherSessions: z
      .literal("on")
      .optional()
      .transform((v) => v === "on"),
  })
  .refine((v) => v.newPassword === v.repeatPassword, { message: "The new password and its repetition differ", path: ["repeatPassword"] });

/** How each kind of notification arrives by e-mail (Settings). */
export const notificationSettingsSchema = z.object({
  mention: z.enum(NOTIFICATION_MAIL_MODES),
  reply: z.enum(NOTIFICATION_MAIL_MODES),
  suggestion: z.enum(NOTIFICATION_MAIL_MODES),
  decision: z.enum(NOTIFICATION_MAIL_MODES),
});

/** `POST /password-resets` and the "Forgot your password?" form. */
export const passwordResetRequestSchema = z.object({ email: emailSchema });

/** The new password, on the page a reset link opens. */
export const completePasswordResetSchema = z
  .object({ newPassword: passwordSchema, repeatPassword: z.string() })
  .refine((v) => v.newPassword === v.repeatPassword, { message: "The new password and its repetition differ", path: ["repeatPassword"] });

export const setupSchema = z.object({ name: nameSchema, email: emailSchema, password: passwordSchema });

export const createWikiSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(120),
  description: z.string().trim().max(500).optional().default(""),
});

export const addMemberSchema = z.object({ email: emailSchema, role: roleSchema });
export const updateMemberSchema = z.object({ role: roleSchema });

export const createPageSchema = z.object({
  title: titleSchema,
  parentId: z.string().min(1).max(64).nullish(),
  markdown: z
    .string()
    .max(1024 * 1024, "Markdown is at most 1 MiB")
    .optional(),
});

export const updatePageSchema = z
  .object({
    title: titleSchema.optional(),
    parentId: z.string().min(1).max(64).nullable().optional(),
    position: z.number().finite().optional(),
  })
  .refine((v) => v.title !== undefined || v.parentId !== undefined || v.position !== undefined, {
    message: "Nothing to change: give title, parentId or position",
  });

export const MAX_CLAIM_LENGTH = 300;
export const MAX_RELATION_NOTE_LENGTH = 1000;
export const MAX_THESIS_LENGTH = 1000;

const oneLine = (field: string, max: number) =>
  z
    .string()
    .max(max, `${field} is at most ${max} characters`)
    .transform((v) => v.replace(/\s+/g, " ").trim());

export const updateStrandSchema = z
  .object({
    claim: oneLine("The claim", MAX_CLAIM_LENGTH).optional().describe('One sentence; line breaks become spaces, "" clears it'),
    stance: z.enum(STANCES).nullable().optional().describe("Toward the wiki's thesis; null unsets it"),
    status: z.enum(STRAND_STATUSES).optional(),
  })
  .refine((v) => v.claim !== undefined || v.stance !== undefined || v.status !== undefined, {
    message: "Nothing to change: give claim, stance or status",
  });

export const createRelationSchema = z.object({
  toPageId: z.string().min(1).max(64).describe("The other strand (a page of the same wiki)"),
  kind: z.enum(RELATION_KINDS),
  note: oneLine("The note", MAX_RELATION_NOTE_LENGTH).optional(),
  direction: z
    .enum(["outgoing", "incoming"])
    .default("outgoing")
    .describe('outgoing: this page → toPageId ("this strand supports that one"); incoming: toPageId → this page'),
});

export const updateThesisSchema = z.object({ thesis: oneLine("The thesis", MAX_THESIS_LENGTH) });

const CITATION_STYLE_IDS = Object.keys(CITATION_STYLES) as [string, ...string[]];

/** The wiki's citation style; an unknown one is refused with the list of those that exist. */
export const updateCitationStyleSchema = z.object({
  style: z
    .enum(CITATION_STYLE_IDS, {
      error: (issue) =>
        `${issue.input === undefined ? "Give a citation style" : `There is no citation style ${JSON.stringify(issue.input)}`}: choose one of ${CITATION_STYLE_IDS.join(", ")}`,
    })
    .describe("The style footnotes are worded in"),
});

export const createTokenSchema = z.object({ name: z.string().trim().min(1, "Name is required").max(100) });

export const acceptInviteSchema = z.object({ name: nameSchema, password: passwordSchema });

export const saveVersionSchema = z.object({
  name: z.string().trim().min(1, "Give the version a name").max(200),
  note: z.string().trim().max(2000).optional(),
  /**
   * Refused: a "Restored version N" entry may only come from a real restore (POST
   * /pages/{pageId}/restore), never from a name and a number anyone with a token could send.
   */
  restoredFrom: z
    .never({ error: "restoredFrom is not accepted here: restore a version with POST /pages/{pageId}/restore" })
    .optional()
    .describe("Not accepted (400): restore a version with POST /pages/{pageId}/restore, which records the restore"),
});

export const restoreVersionSchema = z.object({
  version: z.coerce.number({ error: "version must be a version number: 1, 2, 3 …" }).int().positive(),
});

/** Accept-all / reject-all: every pending suggestion of the page, or only this author's. */
export const decideAllSuggestionsSchema = z.object({ authorId: z.string().min(1).max(200).optional() });

const base64 = z
  .string()
  .max(4096)
  .regex(/^[A-Za-z0-9+/]+=*$/, "Expected base64");

export const commentBodySchema = z.object({ body: z.string().max(100_000) });

/**
 * A new thread: anchored to editor selection positions (`anchor`, from the web editor), to the
 * first occurrence of `quote`, to the top-level block at `blockId` (its index), or to the page.
 */
export const createThreadSchema = z.object({
  body: z.string().max(100_000),
  quote: z.string().min(1).max(2000).optional(),
  blockId: z.union([z.number().int().min(0), z.string().regex(/^\d+$/).transform(Number)]).optional(),
  anchor: z
    .union([
      z.object({ kind: z.literal("text").optional(), start: base64, end: base64, quote: z.string().max(2000) }),
      z.object({
        kind: z.literal("suggestion"),
        suggestionId: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/, "suggestionId is not a suggestion id")
          .describe("The suggestion to reply to: its thread is created by the first reply"),
      }),
    ])
    .optional(),
});

/** Citing a page, optionally one paragraph of it (a block id from the page, see block-ids.ts). */
export const citePageSchema = z.object({
  blockId: z
    .string()
    .regex(/^[a-z0-9-]{6,40}$/, "blockId is not a paragraph id")
    .nullish(),
});

export const SEARCH_KINDS = ["all", "pages", "comments"] as const;
export const MAX_SEARCH_QUERY = 500;
export const MAX_SEARCH_LIMIT = 100;

/**
 * GET /search's query string. `kind` and `wiki` take "all" as well as a value so a link or a
 * form can say "everything" explicitly; `type=page|comment` is the spelling DESIGN.md's
 * contract names, still accepted. Out: `wikiId`/`kind` are undefined for "all".
 */
export const searchParamsSchema = z
  .object({
    q: z
      .string()
      .trim()
      .max(MAX_SEARCH_QUERY, `must be at most ${MAX_SEARCH_QUERY} characters`)
      .default("")
      .describe("What to search for (at most 500 characters); empty gives no results"),
    wiki: z
      .string()
      .trim()
      .min(1, 'must be a wiki id or "all"')
      .max(64, 'must be a wiki id or "all"')
      .default("all")
      .describe("A wiki id, or `all` (default): a wiki the caller is not a member of answers 404"),
    kind: z
      .enum(SEARCH_KINDS, { error: 'must be "pages", "comments" or "all"' })
      .optional()
      .describe("`pages`, `comments` or `all` (default)"),
    type: z
      .enum(["page", "comment"], { error: 'must be "page" or "comment"' })
      .optional()
      .describe("`page` or `comment`: the older spelling of `kind`; give one of the two"),
    limit: z.coerce
      .number({ error: `must be a whole number from 1 to ${MAX_SEARCH_LIMIT}` })
      .int(`must be a whole number from 1 to ${MAX_SEARCH_LIMIT}`)
      .min(1, `must be a whole number from 1 to ${MAX_SEARCH_LIMIT}`)
      .max(MAX_SEARCH_LIMIT, `must be a whole number from 1 to ${MAX_SEARCH_LIMIT}`)
      .default(50)
      .describe("At most this many results, 1–100 (default 50)"),
  })
  .refine((v) => !(v.kind && v.type), { message: "Give kind or type, not both", path: ["type"] })
  .transform(({ q, wiki, kind, type, limit }) => {
    const chosen = kind ?? (type ? (`${type}s` as const) : "all");
    return {
      q,
      wikiId: wiki === "all" ? undefined : wiki,
      kind: chosen === "pages" ? ("page" as const) : chosen === "comments" ? ("comment" as const) : undefined,
      limit,
    };
  });

export type SearchParams = z.output<typeof searchParamsSchema>;

/** GET /wikis/{id}/sources: optional text filter and kind. */
export const listSourcesParamsSchema = z.object({
  q: z.string().trim().max(200, "must be at most 200 characters").optional().describe("Text in the title, short title or fields"),
  kind: z
    .enum(SOURCE_KINDS, { error: `must be one of ${SOURCE_KINDS.join(", ")}` })
    .optional()
    .describe("treaty, un_document, judgment, scholarship, state_position or other"),
});

/**
 * GET /pages/{id}/diff and /redline: which versions to compare. The values are read by
 * parseVersionRef (lib/history/compare), which says what is wrong with one.
 */
export const versionRangeQuery = z.object({
  from: z.string({ error: "Say which versions to compare: from=<number> and to=<number or current>" }).describe("Version number"),
  to: z.string().optional().describe("Version number, or `current` (the default)"),
});

/** GET /pages/{id}/export and /wikis/{id}/export: the format, checked by parseExportFormat (lib/export/render). */
export const exportQuery = z.object({
  format: z.string({ error: "Say which format to export: format=docx|pdf|md|html" }).describe("`docx`, `pdf`, `md` or `html`"),
  suggestions: z
    .string()
    .optional()
    .describe(
      "`accepted` (the default): the accepted text, without pending suggestions. `tracked` (DOCX only): pending suggestions as Word tracked changes (`w:ins`/`w:del`), each by its suggester and dated when it was suggested",
    ),
});

/** PATCH /sources/{id}: any of a source's parts; the result is validated as a whole (lib/sources/kinds). */
export const updateSourceSchema = z
  .object({
    kind: z.enum(SOURCE_KINDS),
    title: z.string(),
    shortTitle: z.string(),
    fields: z.record(z.string(), z.string()),
    url: z.string(),
    notes: z.string(),
  })
  .partial()
  .strict();

/** POST /sources/{id}/merge. */
export const mergeSourceSchema = z.object({ into: z.string().trim().min(1, "name the source to merge into").max(64) }).strict();

/** Fields of an import (form fields of a multipart upload, or query parameters of a raw one). */
export const importPageSchema = z.object({
  title: titleSchema,
  parentId: z.string().min(1).max(64).nullish(),
});
