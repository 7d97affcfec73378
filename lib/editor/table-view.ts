import { Extension, getRenderedAttributes } from "@tiptap/core";
import { TableView } from "@tiptap/extension-table";
import { nodeViewPlugin } from "./node-view-plugin";

/** Tiptap's default, which the table extension is configured with (it is not resizable here). */
const CELL_MIN_WIDTH = 25;

/**
 * Tiptap's own table view (a scrolling wrapper and a colgroup), given through a plugin rather than
 * the table extension's `addNodeView` (configured off: `View: null`), so that mounting the editor
 * does not redraw the document (node-view-plugin.ts). It gets the same attributes Tiptap would
 * pass it: the table's rendered ones, block id and block suggestion included.
 */
export const TableNodeView = Extension.create({
  name: "tableNodeView",

  addProseMirrorPlugins() {
    const attributes = this.editor.extensionManager.attributes.filter((attribute) => attribute.type === "table");
    return [
      nodeViewPlugin("tableView", {
        table: (node, view) => new TableView(node, CELL_MIN_WIDTH, view, getRenderedAttributes(node, attributes)),
      }),
    ];
  },
});
