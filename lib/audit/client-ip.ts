/**
 * The header through which Opinio's own HTTP server (lib/server/main.ts) hands the client's
 * address to route code, which never sees the socket. The server overwrites whatever a client
 * sent under this name, so it cannot be forged from outside. It is the socket's peer, or with
 * TRUST_PROXY the address the proxy reports (lib/server/request-origin.ts).
 */
export const CLIENT_IP_HEADER = "x-opinio-client-ip";

/** The peer address the server stamped on this request, or null when there is none. */
export function clientIp(headers: Pick<Headers, "get">): string | null {
  const value = headers.get(CLIENT_IP_HEADER)?.trim();
  if (!value) return null;
  // IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d; people read them as a.b.c.d.
  return value.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
}
