"use client";

/** The formats offered, in the order people ask for them. */
const FORMATS = [
  { query: "format=docx", label: "Word (.docx)", note: "footnotes, headings, tables" },
  { query: "format=docx&suggestions=tracked", label: "Word with suggestions", note: "pending suggestions as tracked changes" },
  { query: "format=pdf", label: "PDF", note: "print-ready, page numbers" },
  { query: "format=md", label: "Markdown (.md)", note: "citations as footnotes" },
  { query: "format=html", label: "HTML", note: "standalone web page" },
] as const;

/**
 * An Export menu of plain download links to the export API (which checks the role and records
 * the download). A <details> element opens it, so it needs no script and works before hydration;
 * once hydrated, choosing a format closes it (a download leaves the page where it was, so the
 * menu would otherwise stay open over it).
 */
/** Closes the menu after the click has started the download. */
function closeMenu(event: React.MouseEvent<HTMLAnchorElement>) {
  const menu = event.currentTarget.closest("details");
  setTimeout(() => {
    menu?.removeAttribute("open");
    menu?.querySelector("summary")?.focus();
  });
}

export function ExportMenu({ href, label = "Export", align = "right" }: { href: string; label?: string; align?: "left" | "right" }) {
  return (
    <details className="group relative text-sm" data-testid="export-menu">
      <summary className="cursor-pointer list-none rounded-md px-2 py-1 text-stone-600 hover:bg-stone-100 [&::-webkit-details-marker]:hidden">
        {label} <span aria-hidden>▾</span>
      </summary>
      <ul
        className={`absolute z-20 mt-1 w-60 rounded-md border border-stone-200 bg-white py-1 shadow-lg ${align === "right" ? "right-0" : "left-0"}`}
      >
        {FORMATS.map(({ query, label: name, note }) => (
          <li key={query}>
            <a href={`${href}?${query}`} download className="block px-3 py-1.5 hover:bg-stone-100" onClick={closeMenu}>
              <span className="text-stone-800">{name}</span>
              <span className="block text-xs text-stone-500">{note}</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
