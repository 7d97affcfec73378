import net from "node:net";

/**
 * A TCP load balancer with a primary and backups, as nginx's `backup` servers or a health-checked
 * balancer behave for a browser: each new connection goes to the first upstream that accepts it,
 * so while the primary lives every connection lands there, and once it is dead (refused) they go
 * to the next. Bytes pass untouched (the upgrade's Host, cookie and origin included). nginx's
 * collab upstream hashes by page (tests/helpers/nginx.ts) and cannot have backups; the failover
 * tests need to say which instance a browser is on, and where it goes when that one dies.
 */
export type FailoverProxy = { readonly url: string; close(): Promise<void> };

export async function startFailoverProxy(upstreamPorts: number[]): Promise<FailoverProxy> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => client.destroy());
    // Held until an upstream is connected; the client's first bytes (its upgrade) wait in the socket.
    client.pause();
    const tryUpstream = (index: number) => {
      if (index >= upstreamPorts.length || client.destroyed) return client.destroy();
      const upstream = net.connect(upstreamPorts[index], "127.0.0.1");
      upstream.once("error", () => {
        upstream.destroy();
        tryUpstream(index + 1);
      });
      upstream.once("connect", () => {
        open.add(upstream);
        upstream.removeAllListeners("error");
        upstream.on("error", () => client.destroy());
        upstream.on("close", () => {
          open.delete(upstream);
          client.destroy();
        });
        client.on("close", () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryUpstream(0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
