import { Extension, getRenderedAttributes } from "@tiptap/core";
import { TableView } from "@tiptap/extension-table";
import { nodeViewPlugin } from "./node-view-plugin";

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
        table: (node, view) => new TableView(node, cellMinWidth, view, getRenderedAttributes(node, attributes)),
      }),
    ];
  },
});
