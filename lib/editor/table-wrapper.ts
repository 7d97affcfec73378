/**
 * A table wider than the column scrolls sideways in its wrapper (app/globals.css). Someone reading
 * with the keyboard can only scroll what can take the focus, so the wrapper is a labelled,
 * focusable region wherever it is read, not edited: the server's HTML, and a read-only editor.
 * (In an editable one the caret moves through the cells and the wrapper scrolls to it; a focusable
 * element inside the editing host would take clicks' focus from the editor.)
 */
export const READABLE_TABLE_WRAPPER = { class: "tableWrapper", tabindex: "0", role: "region", "aria-label": "Table" };

/** The wrapper's attributes as HTML, for markup written by hand (redlines). */
export const READABLE_TABLE_WRAPPER_HTML = Object.entries(READABLE_TABLE_WRAPPER)
  .map(([name, value]) => ` ${name}="${value}"`)
  .join("");
