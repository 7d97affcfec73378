import type * as Y from "yjs";

type Observed = { _observers: Map<string, Set<unknown>> };

/**
 * Runs `load` with the document's `update` listeners detached. Yjs encodes an update event for
 * every transaction that has listeners, so applying a page's stored state to a Hocuspocus
 * Document (which listens, to broadcast) encoded the whole page a second time, about half the
 * cost of opening it, for nobody: no connection exists while a document loads, and Hocuspocus
 * wires its own update handling only after the load hooks. lib0's Observable keeps listeners in
 * `_observers`; restore them even if the load throws.
 */
export function withoutUpdateListeners<T>(doc: Y.Doc, load: () => T): T {
  const observers = (doc as unknown as Observed)._observers;
  const listeners = observers.get("update");
  observers.delete("update");
  try {
    return load();
  } finally {
    if (listeners) observers.set("update", listeners);
  }
}
