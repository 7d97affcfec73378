import { Hocuspocus } from "@hocuspocus/server";
import { createServer } from "node:http";
import { WebSocket, WebSocketServer } from "ws";
import { startDiagnostics } from "@/lib/server/diagnostics";

/**
 * The references the collab benchmarks compare Opinio with, run as a child process like the real
 * server (so neither shares the benchmark's event loop):
 *   hocuspocus  a bare Hocuspocus 3.4.4 (no extensions: no auth, no persistence), fed by a `ws`
 *               server on a plain node:http server, as Opinio's is;
 *   relay       a raw `ws` relay that forwards every frame to every other socket, unparsed.
 * Prints `OPINIO_LISTENING <port>` and answers diagnostics requests over IPC.
 */

const mode = process.argv[2];
if (mode !== "hocuspocus" && mode !== "relay") {
  console.error("usage: bare.ts hocuspocus|relay");
  process.exit(2);
}
process.env.OPINIO_DIAGNOSTICS = "1";
startDiagnostics();

const http = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
const hocuspocus = mode === "hocuspocus" ? new Hocuspocus({ quiet: true }) : undefined;

http.on("upgrade", (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on("error", () => ws.terminate());
    if (hocuspocus) {
      hocuspocus.handleConnection(ws, req, {});
      return;
    }
    ws.on("message", (data, isBinary) => {
      for (const other of wss.clients) if (other !== ws && other.readyState === WebSocket.OPEN) other.send(data, { binary: isBinary });
    });
  });
});

http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  console.log(`OPINIO_LISTENING ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => process.exit(0));
