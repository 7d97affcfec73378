import type { JSONContent } from "@tiptap/core";
import { isSafeHref } from "@/lib/editor/safe-href";
import type { ExportBundle, ExportChapter } from "./bundle";
import { shiftedHeadingLevel } from "./headings";

type Marks = { type: string; attrs?: Record<string, unknown> }[] | undefined;

/** Characters that would start Markdown syntax inside running text. */
function escapeText(text: string): string {
  return text.replace(/([\\`*_[\]<>#|~])/g, "\\$1");
}

function withMarks(text: string, marks: Marks): string {
  let out = marks?.some((m) => m.type === "code") ? "`" + text.replace(/`/g, "ˋ") + "`" : escapeText(text);
  for (const mark of marks ?? []) {
    if (mark.type === "bold") out = `**${out}**`;
    else if (mark.type === "italic") out = `*${out}*`;
    else if (mark.type === "strike") out = `~~${out}~~`;
    else if (mark.type === "underline") out = `<u>${out}</u>`;
  }
  const link = marks?.find((m) => m.type === "link");
  const href = typeof link?.attrs?.href === "string" ? link.attrs.href.trim() : "";
  return href && isSafeHref(href) ? `[${out}](${href.replace(/[()\s]/g, encodeURIComponent)})` : out;
}

/** Writes one chapter, numbering footnotes on from `firstNumber` (a wiki export numbers them through). */
class ChapterMarkdown {
  private citationIndex = 0;
  readonly notes: string[] = [];

  constructor(
    private readonly chapter: ExportChapter,
    private readonly firstNumber: number,
    private readonly pageHref: (pageId: string | null, title: string) => string,
  ) {}

  inline(nodes: JSONContent[] | undefined): string {
    return (nodes ?? [])
      .map((node) => {
        if (node.type === "text") return withMarks(node.text ?? "", node.marks as Marks);
        if (node.type === "hardBreak") return "\\\n";
        if (node.type === "wikiLink") {
          const title = String(node.attrs?.title ?? "");
          return `[${escapeText(title)}](${this.pageHref((node.attrs?.pageId as string | null) ?? null, title)})`;
        }
        if (node.type === "citation") {
          const footnote = this.chapter.footnotes[this.citationIndex++];
          if (!footnote) return "";
          const n = this.firstNumber + this.notes.length;
          this.notes.push(`[^${n}]: ${footnote.runs.map((r) => (r.italic ? `*${escapeText(r.text)}*` : escapeText(r.text))).join("")}`);
          return `[^${n}]`;
        }
        return this.inline(node.content);
      })
      .join("");
  }

  blocks(nodes: JSONContent[] | undefined, indent = ""): string[] {
    const out: string[] = [];
    for (const node of nodes ?? []) {
      const text = this.block(node, indent);
      if (text !== null) out.push(text);
    }
    return out;
  }

  private block(node: JSONContent, indent: string): string | null {
    switch (node.type) {
      case "heading":
        return `${indent}${"#".repeat(shiftedHeadingLevel(node.attrs?.level))} ${this.inline(node.content)}`;
      case "paragraph":
        return indent + this.inline(node.content).replace(/\n/g, `\n${indent}`);
      case "blockquote":
        return this.blocks(node.content)
          .join("\n\n")
          .split("\n")
          .map((line) => `${indent}> ${line}`.trimEnd())
          .join("\n");
      case "codeBlock": {
        const code = (node.content ?? []).map((c) => c.text ?? "").join("");
        const fence = code.includes("```") ? "~~~~" : "```";
        return [
          `${indent}${fence}${String(node.attrs?.language ?? "")}`,
          ...code.split("\n").map((l) => indent + l),
          `${indent}${fence}`,
        ].join("\n");
      }
      case "horizontalRule":
        return `${indent}---`;
      case "bulletList":
      case "orderedList": {
        const ordered = node.type === "orderedList";
        let n = Number(node.attrs?.start) || 1;
        return (node.content ?? [])
          .map((item) => {
            const marker = ordered ? `${n++}. ` : "- ";
            const [first = "", ...rest] = this.blocks(item.content, indent + " ".repeat(marker.length));
            return `${indent}${marker}${first.trimStart()}${rest.length ? "\n\n" + rest.join("\n\n") : ""}`;
          })
          .join("\n");
      }
      case "table":
        return this.table(node, indent);
      default:
        return node.content ? this.blocks(node.content, indent).join("\n\n") : null;
    }
  }

  private table(node: JSONContent, indent: string): string {
    const rows = (node.content ?? []).map((row) =>
      (row.content ?? []).map((cell) => this.blocks(cell.content).join(" ").replace(/\n/g, " ").replace(/\|/g, "\\|")),
    );
    if (!rows.length) return "";
    const width = Math.max(...rows.map((r) => r.length));
    const line = (cells: string[]) => `${indent}| ${Array.from({ length: width }, (_, i) => cells[i] ?? "").join(" | ")} |`;
    return [line(rows[0]), `${indent}|${" --- |".repeat(width)}`, ...rows.slice(1).map(line)].join("\n");
  }
}

/**
 * The export as Markdown (CommonMark + GFM tables and footnotes): citations become `[^n]`
 * footnotes listed after each chapter, wiki links relative links to the page's address.
 */
export function renderMarkdown(bundle: ExportBundle): string {
  const sections: string[] = [];
  let nextNumber = 1;
  for (const chapter of bundle.chapters) {
    // Pages live at /w/{wiki}/{slug}; a sibling path resolves from any page of the same wiki.
    const writer = new ChapterMarkdown(chapter, nextNumber, (pageId, title) => encodeURI(slugOrTitle(bundle, pageId, title)));
    const body = writer.blocks(chapter.json.content).join("\n\n");
    nextNumber += writer.notes.length;
    sections.push([`# ${escapeText(chapter.title)}`, body, writer.notes.join("\n")].filter(Boolean).join("\n\n"));
  }
  return sections.join("\n\n") + "\n";
}

function slugOrTitle(bundle: ExportBundle, pageId: string | null, title: string): string {
  const page = bundle.wikiPages.find((p) => p.id === pageId);
  return page ? page.slug : title.replace(/\s+/g, "-").toLowerCase();
}
