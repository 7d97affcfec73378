import http from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer, type RawData } from "ws";
import type { Random } from "./random-edits";

/**
 * A WebSocket proxy in front of /collab that makes the network hostile: every frame is held for a
 * random delay (order is kept within a connection, as TCP would, but frames of different
 * connections overtake each other), and `dropRandom` cuts a random connection mid-flight. Headers
 * of the upgrade (credentials, origin) are passed through to the real server.
 */
export async function startChaosProxy(upstreamUrl: string, random: Random, maxDelayMs = 30) {
  const pairs = new Set<{ client: WebSocket; upstream: WebSocket }>();
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (client) => {
      const headers: Record<string, string> = {};
      for (const name of ["authorization", "cookie", "origin"]) if (request.headers[name]) headers[name] = String(request.headers[name]);
      const upstream = new WebSocket(upstreamUrl.replace(/^http/, "ws") + "/collab", { headers });
      const pair = { client, upstream };
      pairs.add(pair);
      const upstreamOpen = new Promise<void>((resolve) => upstream.once("open", () => resolve()));
      // Each direction is a chain: a frame leaves at its due time, never before the previous one.
      const forward = (to: WebSocket, ready: Promise<void>) => {
        let chain = ready;
        let lastDue = 0;
        return (data: RawData, isBinary: boolean) => {
          const due = Math.max(lastDue, Date.now() + random.int(maxDelayMs));
          lastDue = due;
          chain = chain
            .then(() => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, due - Date.now()))))
            .then(() => {
              if (to.readyState === WebSocket.OPEN) to.send(data, { binary: isBinary });
            });
        };
      };
      client.on("message", forward(upstream, upstreamOpen));
      upstream.on("message", forward(client, Promise.resolve()));
      const close = () => {
        pairs.delete(pair);
        client.terminate();
        upstream.terminate();
      };
      client.on("close", close);
      upstream.on("close", close);
      client.on("error", close);
      upstream.on("error", close);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Cuts one random open connection (both sides), as a flaky network would. */
    dropRandom() {
      const list = [...pairs];
      if (!list.length) return;
      const pair = list[random.int(list.length)];
      pair.client.terminate();
      pair.upstream.terminate();
    },
    async close() {
      for (const pair of pairs) {
        pair.client.terminate();
        pair.upstream.terminate();
      }
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
