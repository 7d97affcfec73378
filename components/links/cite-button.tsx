"use client";

import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/form";
import type { Cited } from "./cite-dialog";

// The dialog's markup is a chunk of its own, fetched on the first opening: a strand's first script carries only the button.
const CiteDialog = lazy(() => import("./cite-dialog").then((module) => ({ default: module.CiteDialog })));

/**
 * "Cite": a permalink to a fixed version of the page (and the paragraph at the cursor, if asked)
 * with a ready citation. Asking the server may record the current text as a version first.
 */
export function CiteButton({ pageId, blockAtCursor }: { pageId: string; blockAtCursor: () => string | null }) {
  const [open, setOpen] = useState(false);
  const [withParagraph, setWithParagraph] = useState(false);
  const [cited, setCited] = useState<Cited | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const load = async (paragraph: boolean) => {
    setError(null);
    const blockId = paragraph ? blockAtCursor() : null;
    if (paragraph && !blockId) {
      setError("Put the cursor in a paragraph first.");
      return;
    }
    const response = await fetch(`/api/v1/pages/${pageId}/citation`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ blockId }),
    });
    const body = await response.json();
    if (!response.ok) return setError(body.error?.message ?? "Could not cite this page");
    setCited({ ...body, permalink: new URL(body.permalink, window.location.origin).toString() });
  };
  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next) void load(withParagraph);
  };
  const copy = async (what: string, text: string) => {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    setCopied(what);
    setTimeout(() => setCopied(null), 1500);
  };

  return (
    <div className="relative">
      <Button variant="ghost" onClick={toggle} aria-expanded={open} data-testid="cite-button">
        Cite
      </Button>
      {open ? (
        <Suspense fallback={null}>
          <CiteDialog
            withParagraph={withParagraph}
            onWithParagraph={(checked) => {
              setWithParagraph(checked);
              void load(checked);
            }}
            cited={cited}
            error={error}
            copied={copied}
            onCopy={copy}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
