import type { RelationKind, Stance, StrandStatus } from "@/db/schema/strands";

/** How the strand vocabulary reads in sentences and badges; shared by the UI, the map and messages. */

/** Verb phrases: "A supports B", "A relies on B". */
export const RELATION_LABELS: Record<RelationKind, string> = {
  supports: "supports",
  rebuts: "rebuts",
  qualifies: "qualifies",
  relies_on: "relies on",
};

/** The same relation read from its target: "B is supported by A". */
export const INCOMING_RELATION_LABELS: Record<RelationKind, string> = {
  supports: "is supported by",
  rebuts: "is rebutted by",
  qualifies: "is qualified by",
  relies_on: "is relied on by",
};

export const STANCE_LABELS: Record<Stance, string> = {
  supports: "Supports the thesis",
  challenges: "Challenges the thesis",
  qualifies: "Qualifies the thesis",
  context: "Context",
};

export const STATUS_LABELS: Record<StrandStatus, string> = {
  draft: "Draft",
  in_review: "In review",
  settled: "Settled",
};

/**
 * Stance colours (Tailwind palette values, so badges and map nodes agree). Chosen to stay apart
 * for the common colour-vision deficiencies: blue / orange / purple / grey rather than green/red.
 */
export const STANCE_COLORS: Record<Stance | "unset", { fill: string; border: string; text: string }> = {
  supports: { fill: "#dbeafe", border: "#2563eb", text: "#1e3a8a" },
  challenges: { fill: "#ffedd5", border: "#ea580c", text: "#7c2d12" },
  qualifies: { fill: "#f3e8ff", border: "#9333ea", text: "#581c87" },
  context: { fill: "#f5f5f4", border: "#78716c", text: "#44403c" },
  unset: { fill: "#ffffff", border: "#d6d3d1", text: "#57534e" },
};

export const RELATION_COLORS: Record<RelationKind, string> = {
  supports: "#2563eb",
  rebuts: "#dc2626",
  qualifies: "#9333ea",
  relies_on: "#57534e",
};

// The vocabularies again, for client components: importing db/schema there would bundle drizzle.
export const STANCE_OPTIONS = Object.keys(STANCE_LABELS) as Stance[];
export const STATUS_OPTIONS = Object.keys(STATUS_LABELS) as StrandStatus[];
export const RELATION_OPTIONS = Object.keys(RELATION_LABELS) as RelationKind[];
