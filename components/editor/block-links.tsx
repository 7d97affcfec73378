"use client";

import type { Editor } from "@tiptap/react";
import { useEffect, useState } from "react";
import { isBlockId } from "@/lib/editor/block-id-format";

/** `#block-<id>` addresses one paragraph, heading or list item of a page (or of a version). */
export const BLOCK_HASH_PREFIX = "#block-";

export function blockIdFromHash(hash: string): string | null {
  if (!hash.startsWith(BLOCK_HASH_PREFIX)) return null;
  const id = decodeURIComponent(hash.slice(BLOCK_HASH_PREFIX.length));
  return isBlockId(id) ? id : null;
}

/**
 * Scrolls to and highlights the block named in the address's hash. The highlight is a style rule
 * rather than a class, so it survives the live editor replacing the server-rendered HTML; the
 * scroll waits for the block to exist (the editor mounts after the document has synced).
 */
export function BlockTarget() {
  const [id, setId] = useState<string | null>(null);
  useEffect(() => {
    const read = () => setId(blockIdFromHash(window.location.hash));
    read();
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);
  useEffect(() => {
    if (!id) return;
    let scrolledTo: Element | null = null;
    const scroll = () => {
      const element = document.querySelector(`[data-id="${id}"]`);
      if (!element || element === scrolledTo) return;
      scrolledTo = element;
      element.scrollIntoView({ block: "center" });
    };
    scroll();
    // The server HTML is replaced by the editor once synced: follow the block into its new home.
    const observer = new MutationObserver(scroll);
    observer.observe(document.body, { childList: true, subtree: true });
    const stop = setTimeout(() => observer.disconnect(), 8000);
    return () => {
      observer.disconnect();
      clearTimeout(stop);
    };
  }, [id]);
  if (!id) return null;
  // `id` passed isBlockId (lower-case letters, digits, hyphens): safe inside a selector.
  return (
    <style>{`[data-id="${id}"]{background:#fef3c7;box-shadow:-0.5rem 0 0 #fef3c7,0.5rem 0 0 #fef3c7;border-radius:2px;transition:background 1s}`}</style>
  );
}

/** The innermost block with an id around the editor's cursor, if any. */
export function blockIdAtSelection(editor: Editor): string | null {
  const { $from } = editor.state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const id = $from.node(depth).attrs.id;
    if (isBlockId(id)) return id;
  }
  return null;
}

export function blockUrl(blockId: string): string {
  return `${window.location.origin}${window.location.pathname}${BLOCK_HASH_PREFIX}${blockId}`;
}

/**
 * A "¶" button in the left margin of the block under the pointer: copies a link that scrolls to
 * and highlights that block.
 */
export function BlockLinkButton({ editor, container }: { editor: Editor; container: React.RefObject<HTMLElement | null> }) {
  const [hover, setHover] = useState<{ id: string; top: number } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    const root = editor.view.dom;
    const onMove = (event: MouseEvent) => {
      if (!container.current) return;
      const block = (event.target as Element | null)?.closest?.("[data-id]");
      if (!block || !root.contains(block)) return;
      const id = block.getAttribute("data-id");
      if (!isBlockId(id)) return;
      const top = block.getBoundingClientRect().top - container.current.getBoundingClientRect().top;
      setHover((previous) => (previous?.id === id && previous.top === top ? previous : { id, top }));
    };
    root.addEventListener("mousemove", onMove);
    return () => root.removeEventListener("mousemove", onMove);
  }, [editor, container]);
  if (!hover) return null;
  const copy = async () => {
    await navigator.clipboard?.writeText(blockUrl(hover.id)).catch(() => undefined);
    setCopied(hover.id);
    setTimeout(() => setCopied(null), 1500);
  };
  return (
    <button
      type="button"
      onClick={copy}
      title="Copy link to paragraph"
      aria-label="Copy link to paragraph"
      data-testid="copy-block-link"
      data-block-id={hover.id}
      className="absolute -left-7 z-10 rounded px-1 text-sm leading-6 text-stone-500 hover:bg-stone-100 hover:text-stone-700"
      style={{ top: hover.top }}
    >
      {copied === hover.id ? "✓" : "¶"}
    </button>
  );
}
