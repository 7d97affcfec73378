import { Extension } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { userColor } from "@/lib/users/color";
import { BLOCK_SUGGESTION_ATTRIBUTE, SUGGESTION_DELETE, SUGGESTION_INSERT } from "../suggestion-marks";

/**
 * Who suggested what, in the live editor: every suggested piece of text and every block with a
 * pending suggestion gets a `title` (the suggester's name on hover) and the suggester's colour as
 * the CSS custom property `--suggestion-author` (app/globals.css draws the underline or the left
 * rule in it). Decorations only: nothing is written to the document.
 *
 * The names come from the page's members, which the editor may learn after it mounts: dispatch a
 * transaction with the meta `SUGGESTION_TOOLTIP_REFRESH` to redraw with the new names.
 */
export const suggestionTooltipKey = new PluginKey<DecorationSet>("suggestionTooltip");
export const SUGGESTION_TOOLTIP_REFRESH = "suggestionTooltipRefresh";

type Attrs = { id?: string; authorId?: string; kind?: string };

export function suggestionTooltipPlugin(nameOf: (authorId: string) => string, colourOf: (authorId: string) => string = userColor): Plugin {
  const describe = (doc: PMNode) => decorations(doc, nameOf, colourOf);
  return new Plugin<DecorationSet>({
    key: suggestionTooltipKey,
    state: {
      init: (_config, state) => describe(state.doc),
      apply: (tr, previous) => (tr.docChanged || tr.getMeta(SUGGESTION_TOOLTIP_REFRESH) ? describe(tr.doc) : previous),
    },
    props: {
      decorations: (state) => suggestionTooltipKey.getState(state),
      // Tells the stylesheet that the author's colour is available (see app/globals.css).
      attributes: { class: "suggestion-authored" },
    },
  });
}

/** The plugin as a Tiptap extension, for the live editor's extension list. */
export const SuggestionTooltip = Extension.create<{ nameOf: (authorId: string) => string }>({
  name: "suggestionTooltip",
  addOptions() {
    return { nameOf: () => "Someone" };
  },
  addProseMirrorPlugins() {
    return [suggestionTooltipPlugin((authorId) => this.options.nameOf(authorId))];
  },
});

const BLOCK_TITLES: Record<string, (name: string) => string> = {
  insert: (name) => `${name} suggested adding this block`,
  delete: (name) => `${name} suggested removing this block`,
  split: (name) => `${name} suggested a paragraph break before this`,
  join: (name) => `${name} suggested joining this to the previous paragraph`,
};

function decorations(doc: PMNode, nameOf: (authorId: string) => string, colourOf: (authorId: string) => string): DecorationSet {
  const found: Decoration[] = [];
  doc.descendants((node, pos) => {
    const block = node.attrs?.[BLOCK_SUGGESTION_ATTRIBUTE] as Attrs | null | undefined;
    if (block?.authorId && block.kind && BLOCK_TITLES[block.kind]) {
      found.push(
        Decoration.node(pos, pos + node.nodeSize, {
          title: BLOCK_TITLES[block.kind](nameOf(block.authorId)),
          style: `--suggestion-author: ${colourOf(block.authorId)}`,
        }),
      );
    }
    if (!node.isInline) return true;
    const titles: string[] = [];
    let colour: string | null = null;
    for (const mark of node.marks) {
      const attrs = mark.attrs as Attrs;
      if (!attrs.authorId) continue;
      if (mark.type.name === SUGGESTION_INSERT) {
        titles.push(`${nameOf(attrs.authorId)} suggested adding this`);
        colour ??= colourOf(attrs.authorId);
      } else if (mark.type.name === SUGGESTION_DELETE) {
        titles.push(`${nameOf(attrs.authorId)} suggested removing this`);
      }
    }
    if (titles.length) {
      const attrs: Record<string, string> = { title: titles.join("; "), class: "suggestion-by" };
      if (colour) attrs.style = `--suggestion-author: ${colour}`;
      found.push(Decoration.inline(pos, pos + node.nodeSize, attrs));
    }
    return false;
  });
  return DecorationSet.create(doc, found);
}
