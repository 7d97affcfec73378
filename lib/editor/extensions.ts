import type { AnyExtension } from "@tiptap/core";
import { Blockquote } from "@tiptap/extension-blockquote";
import { Bold } from "@tiptap/extension-bold";
import { Code } from "@tiptap/extension-code";
import { CodeBlock } from "@tiptap/extension-code-block";
import { Document } from "@tiptap/extension-document";
import { HardBreak } from "@tiptap/extension-hard-break";
import { Heading } from "@tiptap/extension-heading";
import { HorizontalRule } from "@tiptap/extension-horizontal-rule";
import { Italic } from "@tiptap/extension-italic";
import { Link } from "@tiptap/extension-link";
import { BulletList } from "@tiptap/extension-list/bullet-list";
import { ListItem } from "@tiptap/extension-list/item";
import { ListKeymap } from "@tiptap/extension-list/keymap";
import { OrderedList } from "@tiptap/extension-list/ordered-list";
import { Paragraph } from "@tiptap/extension-paragraph";
import { Strike } from "@tiptap/extension-strike";
import { TableKit } from "@tiptap/extension-table";
import { Text } from "@tiptap/extension-text";
import { Underline } from "@tiptap/extension-underline";
import { Dropcursor } from "@tiptap/extensions/drop-cursor";
import { Gapcursor } from "@tiptap/extensions/gap-cursor";
import { NO_DIRECTORY, type PageDirectory } from "@/lib/links/directory";
import { blockIdExtension } from "./block-ids";
import { isSafeHref } from "./safe-href";
import { Citation } from "./citation";
import { BlockSuggestionAttribute, SuggestionDelete, SuggestionInsert } from "./suggestion-marks";
import { TableNodeView, WrappedTable } from "./table-view";
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
    // Tiptap's StarterKit, less undo/redo (collaborative undo instead) and TrailingNode (it would
    // append a paragraph whenever a page ends in a list, merely by opening it: a document change
    // per open, refused on read-only connections), in its order. Listed one by one, each from its
    // own module: the kit imports whole packages (task lists, character count, focus, history…),
    // which the browser's bundle then carried unused (7 KiB gzipped).
    Bold,
    Blockquote,
    BulletList,
    Code,
    CodeBlock,
    Document,
    Dropcursor,
    Gapcursor,
    HardBreak,
    Heading,
    HorizontalRule,
    Italic,
    ListItem,
    ListKeymap,
    Link.configure({
      openOnClick: false,
      autolink: true,
      // No `protocols`: it registers extra schemes with linkify, and http, https and mailto are
      // linkify's own (registering them again warns on every editor created). What is kept is
      // decided by isAllowedUri.
      isAllowedUri: (url) => isSafeHref(url),
      HTMLAttributes: { rel: "noopener noreferrer nofollow", target: null },
    }),
    OrderedList,
    Paragraph,
    Strike,
    Text,
    Underline,
    // The table's view comes from TableNodeView (see there), not from the extension. The server's
    // HTML wraps a table as that view does (WrappedTable), so a wide one scrolls in its box on a
    // phone before the editor is live as well as after.
    TableKit.configure({ table: false }),
    WrappedTable.configure({ resizable: false, View: null }),
    TableNodeView,
    WikiLink.configure({ directory: options.directory ?? (() => NO_DIRECTORY), navigate: options.navigate ?? null }),
    Citation,
    blockIdExtension(options.assignBlockIds ?? false),
    SuggestionInsert,
    SuggestionDelete,
    BlockSuggestionAttribute,
  ];
}
