import { Plugin, PluginKey } from "@tiptap/pm/state";
import type { NodeViewConstructor } from "@tiptap/pm/view";

/**
 * Node views handed to ProseMirror through a plugin, instead of Tiptap's `addNodeView`.
 *
 * Tiptap builds its node-view functions anew whenever it gives them to the view: when the editor
 * is created, and again when <EditorContent> mounts it (`createNodeViews`). ProseMirror compares
 * the functions, sees new ones, and redraws the whole document (prosemirror-view's
 * `changedNodeViews`): 6–11 ms on the demo strand and 12–20 ms on a 10,000-word one on a desktop,
 * inside the task that shows the live editor, and several times that on a slow phone. A plugin's
 * props are the same object for the editor's life, so mounting it redraws nothing.
 */
export function nodeViewPlugin(name: string, nodeViews: Record<string, NodeViewConstructor>): Plugin {
  return new Plugin({ key: new PluginKey(name), props: { nodeViews } });
}
