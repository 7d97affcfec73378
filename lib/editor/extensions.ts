import type { AnyExtension } from "@tiptap/core";
import { TableKit } from "@tiptap/extension-table";
import StarterKit from "@tiptap/starter-kit";
import { NO_DIRECTORY, type PageDirectory } from "@/lib/links/directory";
import { blockIdExtension } from "./block-ids";
import { isSafeHref } from "./safe-href";
import { Citation } from "./citation";
import { BlockSuggestionAttribute, SuggestionDelete, SuggestionInsert } from "./suggestion-marks";
import { WikiLink } from "./wiki-link";

/** The Yjs XML fragment that holds a page's body. Defined once for browser and server. */
export const DOCUMENT_FRAGMENT = "default";

/**
 * THE editor schema: the browser editor, the server renderer, Markdown import and the Yjs
 * conversion all build from this list, so a document valid in one place is valid everywhere.
 * History is off because collaborative undo (per user) comes from the Collaboration extension.
 */
export type SchemaOptions = {
  /** Resolves wiki links to current titles and addresses (the page's wiki); see lib/links. */
  directory?: () => PageDirectory;
  /** How the live editor follows a wiki link (Next's router). */
  navigate?: (href: string) => void;
  /** Give new blocks ids: only in an editor that may write (see block-ids.ts). */
  assignBlockIds?: boolean;
};

export function schemaExtensions(options: SchemaOptions = {}): AnyExtension[] {
  return [
    StarterKit.configure({
      undoRedo: false,
      // TrailingNode would append a paragraph whenever a page ends in a list, merely by opening
      // it: a document change per open, refused on read-only connections.
      trailingNode: false,
      link: {
        openOnClick: false,
        autolink: true,
        // No `protocols`: it registers extra schemes with linkify, and http, https and mailto are
        // linkify's own (registering them again warns on every editor created). What is kept is
        // decided by isAllowedUri.
        isAllowedUri: (url) => isSafeHref(url),
        HTMLAttributes: { rel: "noopener noreferrer nofollow", target: null },
      },
    }),
    TableKit.configure({ table: { resizable: false } }),
    WikiLink.configure({ directory: options.directory ?? (() => NO_DIRECTORY), navigate: options.navigate ?? null }),
    Citation,
    blockIdExtension(options.assignBlockIds ?? false),
    SuggestionInsert,
    SuggestionDelete,
    BlockSuggestionAttribute,
  ];
}
