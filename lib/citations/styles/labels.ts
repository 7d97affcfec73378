/**
 * What each citation style is called, apart from the code that formats it: a page's footnote list
 * names its style at first paint, while the formatting (the Bluebook's tables above all) loads with
 * the live editor (components/citations/footnotes.tsx). Each style file takes its label from here.
 */
export const STYLE_LABELS = { oscola: "OSCOLA", bluebook: "Bluebook" } as const;

/** The label of style `id`, or of the default style (OSCOLA), as citationStyle() falls back. */
export function styleLabel(id: string | null | undefined): string {
  return (id && Object.hasOwn(STYLE_LABELS, id) ? STYLE_LABELS[id as keyof typeof STYLE_LABELS] : null) ?? STYLE_LABELS.oscola;
}
