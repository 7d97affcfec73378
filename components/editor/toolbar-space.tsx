/**
 * The formatting toolbar's outer box, in a file of its own so that the server-rendered page can
 * reserve the toolbar's space without loading the toolbar (and, through it, the editor).
 */

/** A row of h-7 buttons in py-1.5 plus a 1 px border: 2.5rem + 1px high (ToolbarSpace relies on it). */
export const TOOLBAR_BOX = "sticky top-0 z-10 border-b border-stone-200 bg-white px-2 py-1.5";

/** The toolbar's outer box and height, empty: what the server's HTML shows above the text for editors. */
export function ToolbarSpace() {
  return <div aria-hidden className={`${TOOLBAR_BOX} h-[calc(2.5rem+1px)]`} data-testid="editor-toolbar-space" />;
}
