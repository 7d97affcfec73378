import http from "node:http";
import type { AddressInfo } from "node:net";

/** The strand's server HTML with every script removed, served by bare node:http: what paint costs with no app at all. */
export async function startStaticCopy(html: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const body = html.replace(/<script\b[\s\S]*?<\/script>/g, "").replace(/<link[^>]+rel="(?:preload|modulepreload)"[^>]*>/g, "");
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
