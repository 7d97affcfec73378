import type { CloseEvent } from "@hocuspocus/common";
import { Connection } from "@hocuspocus/server";

/** Sent by a provider that detaches one document from a shared socket: the socket stays. */
const PROVIDER_INITIATED = "provider_initiated";

let installed = false;

/**
 * When Hocuspocus 3.4.4 closes a connection itself (a hook refused a message, applying one
 * threw), it only detaches the document and sends a close message; the socket stays open. The
 * provider then believes itself connected: messages already in flight still answer its sync (it
 * shows as synced again), and everything it sends afterwards waits on the server for an
 * authentication that never comes, neither applied nor acknowledged. Closing the socket as well
 * makes the provider reconnect, authenticate and sync afresh, so nothing it typed is stranded.
 * The close message goes out first (the socket is closed on the next turn).
 *
 * Wrapped on the prototype, not registered per connection from a hook: a connection can be
 * closed by a queued message before any hook that sees it has run.
 */
export function installSocketCloseOnDetach(): void {
  if (installed) return;
  installed = true;
  const close = Connection.prototype.close;
  Connection.prototype.close = function closeAndDropSocket(this: Connection, event?: CloseEvent) {
    const wasAttached = this.document.hasConnection(this);
    close.call(this, event);
    if (!wasAttached || event?.reason === PROVIDER_INITIATED) return;
    const socket = this.webSocket;
    setImmediate(() => {
      if (socket.readyState === socket.OPEN) socket.close(4000, "Document closed by the server");
    });
  };
}
