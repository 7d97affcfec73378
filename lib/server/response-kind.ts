import type { IncomingHttpHeaders } from "node:http";

/**
 * Whether Next will answer a request with an HTML document or with the RSC payload alone
 * (client-side navigation, prefetches, router refreshes, server actions called from the browser).
 * Route code cannot tell: Next hides its flight headers (`rsc`, the router state) from `headers()`.
 * So Opinio's HTTP server (lib/server/main.ts) says it under a name of its own, replacing whatever
 * a client sent under that name. Read by lib/pages/page-body.ts.
 */
export const HTML_RESPONSE_HEADER = "x-opinio-html-response";

/** Sets HTML_RESPONSE_HEADER on a request Next will answer with HTML, and removes it from any other. */
export function markHtmlResponse(headers: IncomingHttpHeaders): void {
  const payloadOnly = headers.rsc === "1" || headers["next-action"] !== undefined;
  if (payloadOnly) delete headers[HTML_RESPONSE_HEADER];
  else headers[HTML_RESPONSE_HEADER] = "1";
}
