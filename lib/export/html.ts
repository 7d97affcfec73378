import { createPageDirectory } from "@/lib/links/directory";
import { renderStaticHTML } from "@/lib/editor/render-html";
import { escapeHtml } from "@/lib/html-escape";
import type { ExportBundle } from "./bundle";
import { withShiftedHeadings } from "./shift-headings";

/** Sent as a header and repeated in the document: an exported file must never run scripts. */
export const EXPORT_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * A standalone, self-contained HTML export: the pages rendered from the shared schema (no HTML
 * parsing of user input), citations as numbered note references with the notes after each
 * chapter, inline CSS and a CSP that forbids scripts.
 */
export function renderHtmlExport(bundle: ExportBundle): string {
  const directory = createPageDirectory(bundle.wikiSlug, bundle.wikiPages);
  let number = 0;
  const chapters = bundle.chapters.map((chapter) => {
    const first = number + 1;
    let index = 0;
    // The renderer meets citations in document order, the order the chapter's footnotes are in.
    const body = renderStaticHTML(withShiftedHeadings(chapter.json), directory, () => {
      const footnote = chapter.footnotes[index++];
      if (!footnote) return "";
      number++;
      return `<sup class="note-ref"><a href="#note-${number}" id="ref-${number}">${number}</a></sup>`;
    });
    const notes = chapter.footnotes
      .slice(0, number - first + 1)
      .map(
        (footnote, i) =>
          `<li id="note-${first + i}" value="${first + i}">${footnote.runs.map((r) => (r.italic ? `<em>${escapeHtml(r.text)}</em>` : escapeHtml(r.text))).join("")} <a href="#ref-${first + i}" aria-label="Back to the text">↩</a></li>`,
      )
      .join("\n");
    return `<section class="chapter" id="${escapeHtml(chapter.slug)}">
<h1>${escapeHtml(chapter.title)}</h1>
${body}
${notes ? `<ol class="notes">\n${notes}\n</ol>` : ""}
</section>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${EXPORT_HTML_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(bundle.title)}</title>
<style>${EXPORT_CSS}</style>
</head>
<body>
${chapters.join("\n")}
</body>
</html>
`;
}

const EXPORT_CSS = `
body { font-family: Georgia, "Times New Roman", Times, serif; font-size: 17px; line-height: 1.6; color: #1f1f1f; background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.4rem; } h3 { font-size: 1.2rem; }
.chapter + .chapter { border-top: 1px solid #d0d0d0; margin-top: 2.5rem; }
blockquote { border-left: 3px solid #d0d0d0; margin-left: 0; padding-left: .9rem; color: #444; }
pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; font-size: .85rem; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #c8c8c8; padding: .3rem .6rem; vertical-align: top; } th { background: #f3f3f3; }
td p, th p { margin: 0; }
li > p { margin: .15rem 0; }
.note-ref a { text-decoration: none; }
.notes { font-size: .85rem; border-top: 1px solid #e0e0e0; padding-top: .75rem; margin-top: 2rem; }
a { color: #1a4f8b; }
@media print { body { margin: 0; max-width: none; } }
`;
