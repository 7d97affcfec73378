import { InputRule, mergeAttributes, Node } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import type { NodeView } from "@tiptap/pm/view";
import { nodeViewPlugin } from "./node-view-plugin";
import { NO_DIRECTORY, type PageDirectory, type WikiLinkAttrs } from "@/lib/links/directory";

export type WikiLinkOptions = {
  /** Current titles and addresses; the node stores only the page id and the title as written. */
  directory: () => PageDirectory;
  /** Follows a link from the live editor (client-side navigation); the server render uses href. */
  navigate: ((href: string) => void) | null;
};

/** Fired on `window` when the browser's page directory changed (a rename): live links re-read it. */
export const DIRECTORY_CHANGED_EVENT = "opinio:page-directory-changed";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    wikiLink: {
      insertWikiLink: (attrs: WikiLinkAttrs) => ReturnType;
    };
  }
}

/**
 * A link to another page of the same wiki: an inline atom holding the target's id and the title it
 * had when linked. It is displayed with the target's *current* title, so renaming a page renames
 * every link to it without rewriting anyone's text or history. A link whose page does not exist
 * (any more) reads as written and offers to create it.
 */
export const WikiLink = Node.create<WikiLinkOptions>({
  name: "wikiLink",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { directory: () => NO_DIRECTORY, navigate: null };
  },

  addAttributes() {
    return {
      pageId: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-wiki-link") || null,
        renderHTML: () => ({}),
      },
      title: {
        default: "",
        parseHTML: (element) => element.getAttribute("data-title") ?? element.textContent ?? "",
        renderHTML: () => ({}),
      },
    };
  },

  parseHTML() {
    return [{ tag: "a[data-wiki-link]" }];
  },

  renderHTML({ node, HTMLAttributes }) {
    const target = this.options.directory().resolve(node.attrs as WikiLinkAttrs);
    return [
      "a",
      mergeAttributes(HTMLAttributes, {
        href: target.href,
        "data-wiki-link": node.attrs.pageId ?? "",
        "data-title": node.attrs.title,
        class: target.missing ? "wiki-link wiki-link-missing" : "wiki-link",
        title: target.missing ? `“${target.title}” does not exist yet: create it` : undefined,
      }),
      target.title,
    ];
  },

  addProseMirrorPlugins() {
    // Given through a plugin, so that mounting the editor does not redraw the document.
    const { options } = this;
    return [nodeViewPlugin("wikiLinkView", { [this.name]: (node) => wikiLinkView(node, options) })];
  },

  renderText({ node }) {
    return this.options.directory().resolve(node.attrs as WikiLinkAttrs).title;
  },

  // Markdown: `[[Title]]`, linked by title (the page id is found when the link is displayed).
  markdownTokenizer: {
    name: "wikiLink",
    level: "inline",
    start: (src: string) => src.indexOf("[["),
    tokenize(src: string) {
      const match = /^\[\[([^[\]\n]{1,200})\]\]/.exec(src);
      if (match && match[1].trim()) return { type: "wikiLink", raw: match[0], title: match[1].trim() };
    },
  },
  parseMarkdown: (token) => ({ type: "wikiLink", attrs: { pageId: null, title: String(token.title ?? "") } }),
  renderMarkdown: (node) => `[[${String(node.attrs?.title ?? "").replace(/[[\]]/g, "")}]]`,

  addCommands() {
    return {
      insertWikiLink:
        (attrs) =>
        ({ chain }) =>
          chain()
            .insertContent([
              { type: this.name, attrs: { pageId: attrs.pageId, title: attrs.title.trim() } },
              { type: "text", text: " " },
            ])
            .run(),
    };
  },

  addInputRules() {
    // Typing a whole `[[Title]]` links it straight away (the picker handles `[[` + choice).
    return [
      new InputRule({
        find: /\[\[([^[\]\n]{1,200})\]\]$/,
        handler: ({ state, range, match }) => {
          const title = match[1].trim();
          if (!title) return null;
          const page = this.options.directory().byTitle(title);
          state.tr.replaceWith(range.from, range.to, this.type.create({ pageId: page?.id ?? null, title: page?.title ?? title }));
        },
      }),
    ];
  },
});

/**
 * A plain DOM view of a link (no React per link): it re-reads the directory when titles change,
 * and a click follows the link even inside the editable area, where anchors are otherwise inert.
 */
function wikiLinkView(initial: ProseMirrorNode, options: WikiLinkOptions): NodeView {
  let node = initial;
  const dom = document.createElement("a");
  const paint = () => {
    const target = options.directory().resolve(node.attrs as WikiLinkAttrs);
    dom.href = target.href;
    dom.textContent = target.title;
    dom.className = target.missing ? "wiki-link wiki-link-missing" : "wiki-link";
    dom.title = target.missing ? `“${target.title}” does not exist yet: click to create it` : target.title;
    dom.dataset.wikiLink = node.attrs.pageId ?? "";
    dom.dataset.title = node.attrs.title;
    dom.contentEditable = "false";
  };
  const follow = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    const href = dom.getAttribute("href");
    if (href) (options.navigate ?? ((to: string) => window.location.assign(to)))(href);
  };
  paint();
  dom.addEventListener("click", follow);
  window.addEventListener(DIRECTORY_CHANGED_EVENT, paint);
  return {
    dom,
    update: (next) => {
      if (next.type !== node.type) return false;
      node = next;
      paint();
      return true;
    },
    destroy: () => {
      dom.removeEventListener("click", follow);
      window.removeEventListener(DIRECTORY_CHANGED_EVENT, paint);
    },
  };
}
