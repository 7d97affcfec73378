"use client";

import Link from "next/link";

/**
 * "Go back" to wherever the person came from. A link opened in a fresh tab has nowhere to go
 * back to, so there it goes home instead (the href, which also serves before hydration).
 */
export function BackLink({ className }: { className?: string }) {
  return (
    <Link
      href="/"
      className={className}
      onClick={(event) => {
        if (window.history.length <= 1) return;
        event.preventDefault();
        window.history.back();
      }}
    >
      Go back
    </Link>
  );
}
