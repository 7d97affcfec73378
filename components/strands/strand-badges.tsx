import type { Stance, StrandStatus } from "@/db/schema/strands";
import { STANCE_COLORS, STANCE_LABELS, STATUS_LABELS } from "@/lib/strands/labels";

/** Stance as a badge in the stance's map colour, so the page header and the map read alike. */
export function StanceBadge({ stance }: { stance: Stance | null }) {
  const colors = STANCE_COLORS[stance ?? "unset"];
  return (
    <span
      className="inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium"
      style={{ background: colors.fill, borderColor: colors.border, color: colors.text }}
      data-testid="stance-badge"
    >
      {stance ? STANCE_LABELS[stance] : "No stance"}
    </span>
  );
}

/** Status marks: a dashed outline for drafts, an amber dot for review, a solid dot for settled (same marks as the map). */
export function StatusBadge({ status }: { status: StrandStatus }) {
  const dot = {
    draft: "border border-dashed border-stone-500",
    in_review: "border border-amber-600 bg-amber-300",
    settled: "bg-emerald-700",
  }[status];
  return (
    <span
      className="inline-flex items-center gap-1.5 rounded-full border border-stone-300 bg-white px-2 py-0.5 text-xs font-medium text-stone-700"
      data-testid="status-badge"
    >
      <span aria-hidden className={`inline-block size-2.5 rounded-full ${dot}`} />
      {STATUS_LABELS[status]}
    </span>
  );
}
