import { Extension, Mark } from "@tiptap/core";
import { BLOCK_ID_TYPES } from "./block-ids";

/**
 * Suggestions (tracked changes) as the document stores them. The names and attributes are a
 * public contract: exports, the REST API, the collab server's reviewer guard and API clients read
 * them (issue 19).
 *
 * - Inline text a reviewer proposes to add carries `suggestionInsert`; text proposed for removal
 *   carries `suggestionDelete`. Both have `{ id, authorId, createdAt }`.
 * - A whole block proposed for insertion or removal, or a paragraph break proposed or taken
 *   back, carries the block attribute `suggestion`: `{ kind, id, authorId, createdAt }`. Block-level marks would not survive
 *   the Yjs binding, attributes do.
 *
 * Neither mark excludes itself: two reviewers who strike the same words at the same moment both
 * keep their deletion (each an overlapping mark, stored by the Yjs binding under its own key), so
 * no one's suggestion silently disappears. Neither is inclusive: typing at the edge of someone's
 * suggestion must not extend it; the Suggesting plugin marks new text itself.
 */
export type SuggestionAttrs = { id: string; authorId: string; createdAt: string };
/**
 * What a block-level suggestion proposes: `insert` a new block, `delete` this block, `split` (this
 * block was broken off the previous one) or `join` (this block is to be merged into the previous one).
 */
export const BLOCK_SUGGESTION_KINDS = ["insert", "delete", "split", "join"] as const;
export type BlockSuggestion = SuggestionAttrs & { kind: (typeof BLOCK_SUGGESTION_KINDS)[number] };

import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT } from "./suggestion-names";

export { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT };

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** An opaque, random suggestion id (~82 bits): unique across clients without coordination. */
export function newSuggestionId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return "s" + Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("");
}

function suggestionAttributes() {
  return {
    id: { default: null, parseHTML: (element: HTMLElement) => element.getAttribute("data-suggestion") },
    authorId: { default: null, parseHTML: (element: HTMLElement) => element.getAttribute("data-author") },
    createdAt: { default: null, parseHTML: (element: HTMLElement) => element.getAttribute("data-created") },
  };
}

/** `data-*` attributes of a suggestion, the same in the live editor and in server HTML. */
export function suggestionDataAttributes(attrs: Partial<SuggestionAttrs>): Record<string, string> {
  return {
    "data-suggestion": attrs.id ?? "",
    "data-author": attrs.authorId ?? "",
    "data-created": attrs.createdAt ?? "",
  };
}

export const SuggestionInsert = Mark.create({
  name: SUGGESTION_INSERT,
  inclusive: false,
  excludes: "",
  addAttributes: suggestionAttributes,
  parseHTML: () => [{ tag: "ins[data-suggestion]" }],
  renderHTML: ({ mark }) => ["ins", { ...suggestionDataAttributes(mark.attrs), class: "suggestion-insert" }, 0],
});

export const SuggestionDelete = Mark.create({
  name: SUGGESTION_DELETE,
  inclusive: false,
  excludes: "",
  addAttributes: suggestionAttributes,
  parseHTML: () => [{ tag: "del[data-suggestion]" }],
  renderHTML: ({ mark }) => ["del", { ...suggestionDataAttributes(mark.attrs), class: "suggestion-delete" }, 0],
});

function parseBlockSuggestion(value: string | null): BlockSuggestion | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as BlockSuggestion;
    return parsed && BLOCK_SUGGESTION_KINDS.includes(parsed.kind) ? parsed : null;
  } catch {
    return null;
  }
}

/** The `suggestion` attribute on every block that can be inserted or removed as a whole. */
export const BlockSuggestionAttribute = Extension.create({
  name: "blockSuggestion",
  addGlobalAttributes() {
    return [
      {
        types: BLOCK_ID_TYPES,
        attributes: {
          [BLOCK_SUGGESTION_ATTRIBUTE]: {
            default: null,
            parseHTML: (element) => parseBlockSuggestion(element.getAttribute("data-block-suggestion")),
            renderHTML: (attributes) => {
              const suggestion = attributes[BLOCK_SUGGESTION_ATTRIBUTE] as BlockSuggestion | null;
              if (!suggestion) return {};
              return {
                "data-block-suggestion": JSON.stringify(suggestion),
                class: `suggestion-block-${suggestion.kind}`,
              };
            },
          },
        },
      },
    ];
  },
});
