"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Select } from "@/components/ui/form";
import { CITATION_STYLES, citationStyle } from "@/lib/citations/styles";

/** Every registered style, for the select: adding a style file adds an option here. */
const STYLE_OPTIONS = Object.values(CITATION_STYLES).map((style) => ({ id: style.id, label: style.label }));

/**
 * The wiki's citation style. Owners switch it in place (saved at once, through the REST API);
 * everyone else is told which style the footnotes follow.
 */
export function CitationStyleSetting({ wikiId, current, canChange }: { wikiId: string; current: string; canChange: boolean }) {
  const router = useRouter();
  const [style, setStyle] = useState(current);
  const [state, setState] = useState<{ kind: "idle" | "saving" | "saved" } | { kind: "error"; message: string }>({ kind: "idle" });

  async function choose(next: string) {
    const previous = style;
    setStyle(next);
    setState({ kind: "saving" });
    const response = await fetch(`/api/v1/wikis/${encodeURIComponent(wikiId)}/citation-style`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ style: next }),
    }).catch(() => null);
    const data = await response?.json().catch(() => null);
    if (!response?.ok) {
      setStyle(previous);
      setState({ kind: "error", message: data?.error?.message ?? "The style could not be saved; try again." });
      return;
    }
    setState({ kind: "saved" });
    // The citations on this page were worded on the server in the old style.
    router.refresh();
  }

  if (!canChange) {
    return (
      <p className="text-sm text-stone-600" data-testid="citation-style">
        Footnotes in this wiki follow <strong className="font-semibold text-stone-800">{citationStyle(style).label}</strong>; an owner can
        change the style.
      </p>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm" data-testid="citation-style">
      <label htmlFor="citation-style" className="font-medium text-stone-800">
        Citation style
      </label>
      <Select
        id="citation-style"
        value={style}
        onChange={(e) => void choose(e.target.value)}
        disabled={state.kind === "saving"}
        data-testid="citation-style-select"
      >
        {STYLE_OPTIONS.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </Select>
      <span role="status" className={state.kind === "error" ? "text-red-700" : "text-stone-500"}>
        {state.kind === "saving"
          ? "Saving…"
          : state.kind === "saved"
            ? "Saved: every footnote now follows it."
            : state.kind === "error"
              ? state.message
              : "Every footnote, source citation and export of this wiki follows it."}
      </span>
    </div>
  );
}
