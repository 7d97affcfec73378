/**
 * Which link addresses the editor, the exports and comments keep. A module of its own, with no
 * imports, so browser code that only checks a link (comment text, the toolbar) does not pull the
 * editor's extensions into its bundle.
 */

/** Only these link protocols are kept; anything else (javascript:, data:) is dropped. */
export const SAFE_LINK_PROTOCOLS = ["http", "https", "mailto"];

export function isSafeHref(href: string): boolean {
  const trimmed = href.trim();
  if (trimmed.startsWith("/") || trimmed.startsWith("#")) return true;
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed);
  return !!match && SAFE_LINK_PROTOCOLS.includes(match[1].toLowerCase());
}
