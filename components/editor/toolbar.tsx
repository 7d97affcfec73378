"use client";

import { useEditorState, type Editor } from "@tiptap/react";
import { isSafeHref } from "@/lib/editor/extensions";

type Item = { label: string; title: string; run: (e: Editor) => void; active?: (e: Editor) => boolean; disabled?: (e: Editor) => boolean };

const GROUPS: Item[][] = [
  [
    { label: "↶", title: "Undo your last change (Ctrl+Z)", run: (e) => e.chain().focus().undo().run(), disabled: (e) => !e.can().undo() },
    { label: "↷", title: "Redo (Ctrl+Shift+Z)", run: (e) => e.chain().focus().redo().run(), disabled: (e) => !e.can().redo() },
  ],
  [
    { label: "P", title: "Paragraph", run: (e) => e.chain().focus().setParagraph().run(), active: (e) => e.isActive("paragraph") },
    { label: "H2", title: "Section heading", run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(), active: (e) => e.isActive("heading", { level: 2 }) },
    { label: "H3", title: "Sub-heading", run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(), active: (e) => e.isActive("heading", { level: 3 }) },
  ],
  [
    { label: "B", title: "Bold (Ctrl+B)", run: (e) => e.chain().focus().toggleBold().run(), active: (e) => e.isActive("bold") },
    { label: "I", title: "Italic (Ctrl+I)", run: (e) => e.chain().focus().toggleItalic().run(), active: (e) => e.isActive("italic") },
    { label: "U", title: "Underline (Ctrl+U)", run: (e) => e.chain().focus().toggleUnderline().run(), active: (e) => e.isActive("underline") },
    { label: "S", title: "Strikethrough", run: (e) => e.chain().focus().toggleStrike().run(), active: (e) => e.isActive("strike") },
    { label: "</>", title: "Inline code", run: (e) => e.chain().focus().toggleCode().run(), active: (e) => e.isActive("code") },
    {
      label: "Link",
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
  [
    { label: "•", title: "Bulleted list", run: (e) => e.chain().focus().toggleBulletList().run(), active: (e) => e.isActive("bulletList") },
    { label: "1.", title: "Numbered list", run: (e) => e.chain().focus().toggleOrderedList().run(), active: (e) => e.isActive("orderedList") },
    { label: "❝", title: "Quotation", run: (e) => e.chain().focus().toggleBlockquote().run(), active: (e) => e.isActive("blockquote") },
    { label: "{ }", title: "Code block", run: (e) => e.chain().focus().toggleCodeBlock().run(), active: (e) => e.isActive("codeBlock") },
    { label: "―", title: "Horizontal rule", run: (e) => e.chain().focus().setHorizontalRule().run() },
  ],
  [
    { label: "Table", title: "Insert a 3×3 table", run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
    { label: "+row", title: "Add a row below", run: (e) => e.chain().focus().addRowAfter().run(), disabled: (e) => !e.can().addRowAfter() },
    { label: "+col", title: "Add a column to the right", run: (e) => e.chain().focus().addColumnAfter().run(), disabled: (e) => !e.can().addColumnAfter() },
    { label: "×table", title: "Delete the table", run: (e) => e.chain().focus().deleteTable().run(), disabled: (e) => !e.can().deleteTable() },
  ],
];

const ALL = GROUPS.flat();

export function EditorToolbar({ editor }: { editor: Editor }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ALL.map((item) => ({ active: item.active?.(e) ?? false, disabled: item.disabled?.(e) ?? false })),
  });
  let index = 0;
  return (
    <div role="toolbar" aria-label="Formatting" className="sticky top-0 z-10 flex flex-wrap items-center gap-1 border-b border-stone-200 bg-white px-2 py-1.5">
      {GROUPS.map((group, g) => (
        <div key={g} className="flex items-center gap-0.5 border-r border-stone-200 pr-1 last:border-r-0">
          {group.map((item) => {
            const { active, disabled } = state[index++];
            return (
              <button
                key={item.title}
                type="button"
                title={item.title}
                aria-label={item.title}
                aria-pressed={item.active ? active : undefined}
                disabled={disabled}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => item.run(editor)}
                className={`min-w-7 rounded px-1.5 py-1 text-sm ${active ? "bg-orange-100 text-orange-950" : "text-stone-700 hover:bg-stone-100"} disabled:opacity-40`}
              >
                {item.label}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
