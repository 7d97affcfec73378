import type { AddressInfo } from "node:net";
import { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { installedVersion } from "./installed-version";
import { assertWsPatchable, rewriteIncomingMessages, underlyingSocket, withCorkedSockets, WS_VERSION } from "./ws";

let server: WebSocketServer;
let port: number;

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise((resolve) => server.close(resolve));
});

/** A connected pair: the server's socket for a fresh client, and the client. */
async function connect(): Promise<{ serverSide: WebSocket; client: WebSocket }> {
  const accepted = new Promise<WebSocket>((resolve) => server.once("connection", resolve));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve) => client.once("open", resolve));
  return { serverSide: await accepted, client };
}

describe("ws patches: contract", () => {
  it("the installed ws is the version the patches were written for", () => {
    expect(installedVersion("ws")).toBe(WS_VERSION);
    expect(() => assertWsPatchable()).not.toThrow();
  });

  it("an open WebSocket keeps its net.Socket as `_socket`, and emits binary messages as Buffers through `emit`", async () => {
    const { serverSide, client } = await connect();
    const socket = (serverSide as unknown as { _socket: unknown })._socket;
    expect(socket).toBeInstanceOf(Socket);
    expect(underlyingSocket(serverSide)).toBe(socket);
    const received = new Promise<unknown>((resolve) => serverSide.once("message", resolve));
    client.send(Uint8Array.of(1, 2, 3));
    expect(await received).toBeInstanceOf(Uint8Array);
    client.close();
  });
});

describe("ws patches: behaviour", () => {
  it("corks each socket once while the work runs, and uncorks it after, even when the work throws", async () => {
    const { serverSide, client } = await connect();
    const socket = underlyingSocket(serverSide) as unknown as Socket;
    const during: number[] = [];
    withCorkedSockets([serverSide, serverSide], () => during.push(socket.writableCorked));
    expect(during).toEqual([1]);
    expect(socket.writableCorked).toBe(0);
    expect(() =>
      withCorkedSockets([serverSide], () => {
        throw new Error("send failed");
      }),
    ).toThrow("send failed");
    expect(socket.writableCorked).toBe(0);
    client.close();
  });

  it("delivers rewritten binary messages, drops those rewritten to null, and leaves other events alone", async () => {
    const { serverSide, client } = await connect();
    rewriteIncomingMessages(serverSide, (data) => (data[0] === 0 ? null : Uint8Array.of(data[0] * 10)));
    const delivered: number[] = [];
    serverSide.on("message", (data: Uint8Array) => delivered.push(data[0]));
    const closed = new Promise((resolve) => serverSide.once("close", resolve));
    client.send(Uint8Array.of(1));
    client.send(Uint8Array.of(0));
    client.send(Uint8Array.of(2));
    client.close();
    await closed;
    expect(delivered).toEqual([10, 20]);
  });
});
