import net from "node:net";

export type TcpLink = { url: string; cut(): void; restore(): void; close(): Promise<void> };

/** A TCP forwarder to Redis that can drop every connection through it, and refuse new ones until restored. */
export async function startTcpLink(target: string): Promise<TcpLink> {
  const { hostname, port } = new URL(target);
  const live = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return void client.destroy();
    const upstream = net.connect(Number(port), hostname);
    const end = () => {
      for (const socket of [client, upstream]) {
        socket.destroy();
        live.delete(socket);
      }
    };
    for (const socket of [client, upstream]) {
      live.add(socket);
      socket.on("error", end).on("close", end);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut() {
      cut = true;
      for (const socket of live) socket.destroy();
    },
    restore() {
      cut = false;
    },
    close: () => {
      for (const socket of live) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
