import { z } from "zod";
import type { DocumentDiff } from "@/lib/history/diff";
import type { VersionSummary } from "@/lib/history/present";

/** REST shapes for version history, as zod schemas (the OpenAPI document is built from them). */
export const versionView = z.object({
  number: z.number().int(),
  kind: z.enum(["auto", "named", "restore"]),
  name: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string().describe("ISO 8601 date and time (UTC)"),
  contributors: z.array(z.object({ id: z.string(), name: z.string() })),
  wordsAdded: z.number().int(),
  wordsRemoved: z.number().int(),
  wordCount: z.number().int(),
});

export const versionContentView = versionView.extend({
  json: z.record(z.string(), z.unknown()).describe("ProseMirror JSON of the page at this version"),
  text: z.string(),
});

export const diffView = z.object({
  from: z.union([z.number().int(), z.literal("current")]),
  to: z.union([z.number().int(), z.literal("current")]),
  summaryText: z.string(),
  summary: z.record(z.string(), z.unknown()),
  blocks: z
    .array(z.record(z.string(), z.unknown()))
    .describe("Block changes in document order, with word-level changes inside changed blocks"),
});

export function presentVersion(v: VersionSummary): z.infer<typeof versionView> {
  return {
    number: v.number,
    kind: v.kind,
    name: v.name,
    note: v.note,
    createdAt: v.createdAt.toISOString(),
    contributors: v.contributors.map((c) => ({ id: c.id, name: c.name })),
    wordsAdded: v.wordsAdded,
    wordsRemoved: v.wordsRemoved,
    wordCount: v.wordCount,
  };
}

export function presentDiff(from: number | "current", to: number | "current", diff: DocumentDiff): z.infer<typeof diffView> {
  return {
    from,
    to,
    summaryText: diff.summaryText,
    summary: diff.summary as unknown as Record<string, unknown>,
    blocks: diff.blocks as unknown as Record<string, unknown>[],
  };
}
