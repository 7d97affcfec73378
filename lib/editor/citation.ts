import { mergeAttributes, Node } from "@tiptap/core";

/** What a citation node stores: the source (registry id) and the pinpoint ("para 13", "art 2(4)"). */
export type CitationAttrs = { sourceId: string | null; pinpoint: string };

/**
 * A citation to a source in the wiki's registry: an inline atom. It stores only the source id and
 * the pinpoint; its footnote number and wording are derived (document order, citation style,
 * the source's current fields), so renumbering never rewrites the text and editing a source
 * updates every footnote that cites it.
 */
export const Citation = Node.create({
  name: "citation",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addAttributes() {
    return {
      sourceId: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-citation") || null,
        renderHTML: () => ({}),
      },
      pinpoint: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-pinpoint") ?? "",
        renderHTML: () => ({}),
      },
    };
  },

  parseHTML() {
    return [{ tag: "sup[data-citation]" }];
  },

  // The number is not in the document: a CSS counter (app/globals.css) numbers citations in
  // document order, in the live editor and in server HTML alike, so footnote marks renumber the
  // moment anyone inserts or moves one. The footnote list below the page is built the same way.
  renderHTML({ node, HTMLAttributes }) {
    return ["sup", mergeAttributes(HTMLAttributes, citationMarkAttributes(node.attrs as CitationAttrs))];
  },
});

/**
 * The attributes of a footnote mark, in the live editor and in server HTML alike. No `title`: the
 * page shows the note itself on hover (components/citations/footnote-preview.tsx), and a browser
 * tooltip would cover it.
 */
export function citationMarkAttributes(attrs: CitationAttrs): Record<string, string> {
  return {
    "data-citation": attrs.sourceId ?? "",
    "data-pinpoint": attrs.pinpoint,
    class: "citation",
  };
}
