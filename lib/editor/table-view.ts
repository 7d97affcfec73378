import { Extension, getRenderedAttributes } from "@tiptap/core";
import { Table, TableView } from "@tiptap/extension-table";
import { nodeViewPlugin } from "./node-view-plugin";
import { READABLE_TABLE_WRAPPER } from "./table-wrapper";

/** The table node, drawn in the server's HTML inside the same wrapper as the live view draws it. */
export const WrappedTable = Table.extend({
  renderHTML(props) {
    return ["div", READABLE_TABLE_WRAPPER, this.parent!(props)];
  },
});

/**
 * Tiptap's own table view (a wrapper and a colgroup), given through a plugin rather than the table
 * extension's `addNodeView` (configured off: `View: null`), so that mounting the editor does not
 * redraw the document (node-view-plugin.ts). It gets what Tiptap would pass it: the table
 * extension's minimum cell width, and the table's rendered attributes, block id and block
 * suggestion included.
 */
export const TableNodeView = Extension.create({
  name: "tableNodeView",

  addProseMirrorPlugins() {
    const { extensionManager } = this.editor;
    const cellMinWidth: number = extensionManager.extensions.find((extension) => extension.name === "table")?.options.cellMinWidth;
    const attributes = extensionManager.attributes.filter((attribute) => attribute.type === "table");
    return [
      nodeViewPlugin("tableView", {
        table: (node, view) => {
          const table = new TableView(node, cellMinWidth, view, getRenderedAttributes(node, attributes));
          if (!view.editable) for (const [name, value] of Object.entries(READABLE_TABLE_WRAPPER)) table.dom.setAttribute(name, value);
          return table;
        },
      }),
    ];
  },
});
