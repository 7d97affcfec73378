"use client";

import { Button } from "@/components/ui/form";

/**
 * "Cite source" before the editor is live, and while its dialog's chunk loads
 * (cite-source-button.tsx, loaded on its own by the page shell): it holds the button's place, so
 * nothing moves when it becomes usable.
 */
export function CiteSourceButtonPending() {
  return (
    <Button variant="ghost" disabled title="Cite a source: available once the page has loaded">
      Cite source
    </Button>
  );
}
