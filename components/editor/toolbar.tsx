"use client";

import { useEditorState, type Editor } from "@tiptap/react";
import { useEffect, useId, useRef, useState } from "react";
import { isSafeHref } from "@/lib/editor/safe-href";
import { isSuggesting } from "@/lib/editor/suggesting/extension";
import { TOOLBAR_BOX } from "./toolbar-space";

/**
 * A toolbar button: `label` is what it shows (a glyph or a short word), `name` what assistive
 * technology reads, the shown glyph being hidden from it (a word label stays part of the
 * name: WCAG 2.5.3, label in name), and `title` the tooltip with the keyboard shortcut.
 */
type Item = {
  label: string;
  name: string;
  title: string;
  run: (e: Editor) => void;
  active?: (e: Editor) => boolean;
  disabled?: (e: Editor) => boolean;
  /** Still offered while Suggesting; every other item changes formatting or structure, which a suggestion cannot carry. */
  whileSuggesting?: boolean;
};

/**
 * A group of buttons and the toolbar width from which it has room in the bar; below that width it
 * moves into the More menu. The toolbar is a CSS size container, so the choice is made by CSS on
 * the first paint (server and browser alike) and never wraps the bar onto a second row. The
 * classes are written out whole because Tailwind only generates classes it finds in the source.
 * Measured widths: history 4rem, blocks 6rem, marks 12.5rem, lists 10rem, More 4.5rem; the
 * thresholds leave some slack for wider system fonts.
 */
type Group = { items: Item[]; inBar: string; inMenu: string };

const GROUPS: Group[] = [
  {
    inBar: "flex",
    inMenu: "hidden",
    items: [
      {
        label: "↶",
        name: "Undo",
        title: "Undo your last change (Ctrl+Z)",
        run: (e) => e.chain().focus().undo().run(),
        disabled: (e) => !e.can().undo(),
        whileSuggesting: true,
      },
      {
        label: "↷",
        name: "Redo",
        title: "Redo (Ctrl+Shift+Z)",
        run: (e) => e.chain().focus().redo().run(),
        disabled: (e) => !e.can().redo(),
        whileSuggesting: true,
      },
    ],
  },
  {
    inBar: "hidden @min-[29rem]:flex",
    inMenu: "flex @min-[29rem]:hidden",
    items: [
      {
        label: "P",
        name: "Paragraph",
        title: "Paragraph",
        run: (e) => e.chain().focus().setParagraph().run(),
        active: (e) => e.isActive("paragraph"),
      },
      {
        label: "H2",
        name: "Heading 2",
        title: "Section heading",
        run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
        active: (e) => e.isActive("heading", { level: 2 }),
      },
      {
        label: "H3",
        name: "Heading 3",
        title: "Sub-heading",
        run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
        active: (e) => e.isActive("heading", { level: 3 }),
      },
    ],
  },
  {
    inBar: "flex",
    inMenu: "hidden",
    items: [
      {
        label: "B",
        name: "Bold",
        title: "Bold (Ctrl+B)",
        run: (e) => e.chain().focus().toggleBold().run(),
        active: (e) => e.isActive("bold"),
      },
      {
        label: "I",
        name: "Italic",
        title: "Italic (Ctrl+I)",
        run: (e) => e.chain().focus().toggleItalic().run(),
        active: (e) => e.isActive("italic"),
      },
      {
        label: "U",
        name: "Underline",
        title: "Underline (Ctrl+U)",
        run: (e) => e.chain().focus().toggleUnderline().run(),
        active: (e) => e.isActive("underline"),
      },
      {
        label: "S",
        name: "Strikethrough",
        title: "Strikethrough",
        run: (e) => e.chain().focus().toggleStrike().run(),
        active: (e) => e.isActive("strike"),
      },
      {
        label: "</>",
        name: "Inline code",
        title: "Inline code",
        run: (e) => e.chain().focus().toggleCode().run(),
        active: (e) => e.isActive("code"),
      },
      {
        label: "Link",
        name: "Link",
        title: "Link (http, https or mailto)",
        run: (e) => {
          const previous = (e.getAttributes("link").href as string | undefined) ?? "https://";
          const href = window.prompt("Link address (leave empty to remove)", previous);
          if (href === null) return;
          if (href.trim() === "") return void e.chain().focus().extendMarkRange("link").unsetLink().run();
          if (!isSafeHref(href)) return window.alert("Only http, https and mailto links are allowed.");
          e.chain().focus().extendMarkRange("link").setLink({ href: href.trim() }).run();
        },
        active: (e) => e.isActive("link"),
      },
    ],
  },
  {
    inBar: "hidden @min-[39rem]:flex",
    inMenu: "flex @min-[39rem]:hidden",
    items: [
      {
        label: "•",
        name: "Bulleted list",
        title: "Bulleted list",
        run: (e) => e.chain().focus().toggleBulletList().run(),
        active: (e) => e.isActive("bulletList"),
      },
      {
        label: "1.",
        name: "Numbered list",
        title: "Numbered list",
        run: (e) => e.chain().focus().toggleOrderedList().run(),
        active: (e) => e.isActive("orderedList"),
      },
      {
        label: "❝",
        name: "Quotation",
        title: "Quotation",
        run: (e) => e.chain().focus().toggleBlockquote().run(),
        active: (e) => e.isActive("blockquote"),
      },
      {
        label: "{ }",
        name: "Code block",
        title: "Code block",
        run: (e) => e.chain().focus().toggleCodeBlock().run(),
        active: (e) => e.isActive("codeBlock"),
      },
      { label: "―", name: "Horizontal rule", title: "Horizontal rule", run: (e) => e.chain().focus().setHorizontalRule().run() },
    ],
  },
  // Table tools are seldom needed and as wide as a whole group: they always live in More.
  {
    inBar: "hidden",
    inMenu: "flex",
    items: [
      {
        label: "Table",
        name: "Table",
        title: "Insert a 3×3 table",
        run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      },
      {
        label: "+row",
        name: "Add row",
        title: "Add a row below",
        run: (e) => e.chain().focus().addRowAfter().run(),
        disabled: (e) => !e.can().addRowAfter(),
      },
      {
        label: "+col",
        name: "Add column",
        title: "Add a column to the right",
        run: (e) => e.chain().focus().addColumnAfter().run(),
        disabled: (e) => !e.can().addColumnAfter(),
      },
      {
        label: "×table",
        name: "Delete table",
        title: "Delete the table",
        run: (e) => e.chain().focus().deleteTable().run(),
        disabled: (e) => !e.can().deleteTable(),
      },
    ],
  },
];

const ALL = GROUPS.flatMap((group) => group.items);

type ItemState = { active: boolean; disabled: boolean; offWhileSuggesting: boolean };

/** Said on every formatting button while Suggesting: they are disabled rather than tracked. */
export const OFF_WHILE_SUGGESTING = "Off while Suggesting: formatting and structure are not tracked. Switch to Editing to change them.";

/**
 * The formatting toolbar: always one row. Groups that do not fit the width (see GROUPS) are offered
 * in a More menu at the end of the bar instead of wrapping.
 */
export function EditorToolbar({ editor }: { editor: Editor }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      const suggesting = isSuggesting(e);
      return ALL.map((item) => {
        const offWhileSuggesting = suggesting && !item.whileSuggesting;
        return { active: item.active?.(e) ?? false, disabled: offWhileSuggesting || (item.disabled?.(e) ?? false), offWhileSuggesting };
      });
    },
  });
  const stateOf = (item: Item): ItemState => state[ALL.indexOf(item)];
  return (
    <div role="toolbar" aria-label="Formatting" className={`@container ${TOOLBAR_BOX}`} data-testid="editor-toolbar">
      <div className="flex flex-nowrap items-center gap-1">
        {GROUPS.map((group, g) => (
          <div key={g} className={`${group.inBar} shrink-0 items-center gap-0.5 border-r border-stone-200 pr-1`}>
            {group.items.map((item) => (
              <ToolbarButton key={item.name} item={item} state={stateOf(item)} editor={editor} />
            ))}
          </div>
        ))}
        <MoreMenu editor={editor} stateOf={stateOf} />
      </div>
    </div>
  );
}

function ToolbarButton({ item, state, editor, onDone }: { item: Item; state: ItemState; editor: Editor; onDone?: () => void }) {
  return (
    <button
      type="button"
      title={state.offWhileSuggesting ? `${item.title}. ${OFF_WHILE_SUGGESTING}` : item.title}
      aria-pressed={item.active ? state.active : undefined}
      disabled={state.disabled}
      // The editor keeps its selection (and focus) while a button is pressed.
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => {
        item.run(editor);
        onDone?.();
      }}
      className={`h-7 min-w-7 shrink-0 rounded px-1.5 text-sm ${state.active ? "bg-orange-100 text-orange-950" : "text-stone-700 hover:bg-stone-100"} disabled:opacity-40`}
    >
      {item.label === item.name ? (
        item.label
      ) : (
        <>
          <span aria-hidden>{item.label}</span>
          <span className="sr-only">{item.name}</span>
        </>
      )}
    </button>
  );
}

/**
 * "More": the groups the bar has no room for, in a panel below the button. Escape or a click
 * elsewhere closes it; Escape from inside the panel gives the focus back to the button.
 */
function MoreMenu({ editor, stateOf }: { editor: Editor; stateOf: (item: Item) => ItemState }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    // On the document: after a click on More the focus is still in the text, where Escape lands.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      if (root.current?.contains(document.activeElement)) button.current?.focus();
      setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  return (
    <div ref={root} className="relative ml-auto shrink-0">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => setOpen(!open)}
        className="h-7 rounded px-2 text-sm text-stone-700 hover:bg-stone-100"
        data-testid="toolbar-more"
      >
        More <span aria-hidden>▾</span>
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 top-full z-20 mt-1 w-max max-w-[80vw] space-y-1 rounded-md border border-stone-200 bg-white p-1.5 shadow-lg"
        data-testid="toolbar-more-panel"
      >
        {GROUPS.map((group, g) => (
          <div key={g} className={`${group.inMenu} flex-wrap items-center gap-0.5`}>
            {group.items.map((item) => (
              <ToolbarButton key={item.name} item={item} state={stateOf(item)} editor={editor} onDone={() => setOpen(false)} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
