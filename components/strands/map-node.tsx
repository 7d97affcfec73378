"use client";

import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import Link from "next/link";
import type { StrandStatus } from "@/db/schema/strands";
import type { ArgumentMapView } from "@/lib/api/strand-presenters";
import { STANCE_COLORS, STANCE_LABELS, STATUS_LABELS } from "@/lib/strands/labels";
import { NODE_HEIGHT, NODE_WIDTH } from "@/lib/strands/map-layout";

export type StrandNodeData = ArgumentMapView["nodes"][number] & {
  /** "focused": the strand in focus; "neighbour": related to it; "dimmed": neither, while one is in focus. */
  emphasis: "focused" | "neighbour" | "dimmed" | "normal";
  onFocusChange: (id: string | null) => void;
};

/** Status is drawn as the node's outline, so it reads even where colour is taken by stance. */
export const STATUS_OUTLINE: Record<StrandStatus, string> = {
  draft: "2px dashed",
  in_review: "2px solid",
  settled: "4px double",
};

/** Title size in map units; the map's first view never shows it below ~12px (READABLE_ZOOM). */
export const NODE_TITLE_PX = 14;

/**
 * A strand: its title (two lines at most; the whole title, claim, status and stance on hover),
 * filled with its stance colour, outlined by its status. A link, so a click (or Enter, or a
 * middle click for a new tab) opens the page; hovering it (the map's onNodeMouseEnter) or tabbing
 * to it puts it in focus.
 */
export function StrandNode({ id, data }: NodeProps<Node<StrandNodeData>>) {
  const colors = STANCE_COLORS[data.stance ?? "unset"];
  const stance = data.stance ? STANCE_LABELS[data.stance] : "No stance";
  const focused = data.emphasis === "focused";
  return (
    <>
      <Handle type="target" position={Position.Left} className="!opacity-0" isConnectable={false} />
      <Link
        href={data.url}
        className="flex h-full items-center rounded-lg px-3 text-left shadow-sm transition-opacity duration-150 hover:shadow-md focus:outline-none focus-visible:ring-2 focus-visible:ring-orange-800"
        style={{
          width: NODE_WIDTH,
          height: NODE_HEIGHT,
          background: colors.fill,
          border: `${STATUS_OUTLINE[data.status]} ${colors.border}`,
          color: colors.text,
          opacity: data.emphasis === "dimmed" ? 0.22 : 1,
          boxShadow: focused ? `0 0 0 3px ${colors.border}55, 0 4px 12px #0003` : undefined,
        }}
        data-testid="map-node"
        data-stance={data.stance ?? "unset"}
        data-status={data.status}
        data-emphasis={data.emphasis}
        title={[data.title, data.claim, `${STATUS_LABELS[data.status]} · ${stance}`].filter(Boolean).join("\n\n")}
        onFocus={() => data.onFocusChange(id)}
        onBlur={() => data.onFocusChange(null)}
      >
        <span className="line-clamp-2 font-semibold leading-[1.25]" style={{ fontSize: NODE_TITLE_PX }} data-testid="map-node-title">
          {data.title}
        </span>
      </Link>
      <Handle type="source" position={Position.Right} className="!opacity-0" isConnectable={false} />
    </>
  );
}
