"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/form";
import { commentsApi } from "./api";

/** "Mark all as read" for the inbox (POST /api/v1/me/inbox), then a fresh render of the list. */
export function MarkInboxRead() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="text-right">
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        data-testid="mark-inbox-read"
        onClick={() =>
          startTransition(async () => {
            try {
              setError(null);
              await commentsApi.markInboxRead();
              router.refresh();
            } catch (e) {
              setError(e instanceof Error ? e.message : String(e));
            }
          })
        }
      >
        {pending ? "Marking…" : "Mark all as read"}
      </Button>
      {error ? <p className="mt-1 text-xs text-red-700">{error}</p> : null}
    </div>
  );
}
