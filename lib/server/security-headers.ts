import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isSameOriginRequest, requestHost } from "./request-origin";

/**
 * Request headers only Next itself may set. `x-middleware-subrequest` is how Next marks its own
 * middleware recursion; forging it skipped middleware in Next before 15.2.3 (CVE-2025-29927).
 * Opinio has no middleware and a patched Next, but nothing outside Next has a reason to send it.
 */
const INTERNAL_REQUEST_HEADERS = [
  "x-middleware-subrequest",
  "x-middleware-prefetch",
  "x-nextjs-data",
  "x-invoke-path",
  "x-invoke-query",
  "x-invoke-output",
];

/** The Content-Security-Policy for one response; `nonce` is fresh per request. */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean; host?: string }): string {
  // Scripts: only Next's own, each carrying this response's nonce; 'strict-dynamic' lets them load
  // their chunks. No 'unsafe-inline': an injected <script> or on* attribute never runs.
  // Dev mode (React Refresh) needs eval.
  const scripts = ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'report-sample'", ...(options.dev ? ["'unsafe-eval'"] : [])];
  // The collab WebSocket is on the same origin; naming ws/wss explicitly covers browsers whose
  // 'self' does not extend to WebSocket schemes.
  const connect = ["'self'", ...(options.host ? [`ws://${options.host}`, `wss://${options.host}`] : [])];
  return [
    "default-src 'self'",
    `script-src ${scripts.join(" ")}`,
    // The argument map lays itself out in a worker, a script file of our own (/_next/static/…).
    // Without this, workers fall under script-src, where 'strict-dynamic' ignores 'self'.
    "worker-src 'self'",
    // Tiptap, the caret labels and our positioned panels set inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(" ")}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join("; ");
}

/** The request's host, if fit to appear in the policy (anything else is left out rather than echoed). */
function policyHost(req: IncomingMessage): string | undefined {
  const host = requestHost(req.headers);
  return host && /^[a-z0-9.-]+(:\d{1,5})?$/i.test(host) ? host : undefined;
}

/**
 * Runs before Next sees a request: drops internal headers a client may not send, and gives the
 * response a nonce-based CSP. Next reads the nonce from the request's `content-security-policy`
 * header and puts it on every script it renders (pages are rendered per request), so the same
 * policy goes on the request for Next and on the response for the browser.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, options: { dev: boolean }): void {
  for (const name of INTERNAL_REQUEST_HEADERS) delete req.headers[name];
  const nonce = randomBytes(16).toString("base64");
  const policy = contentSecurityPolicy(nonce, { dev: options.dev, host: policyHost(req) });
  req.headers["content-security-policy"] = policy;
  delete req.headers["content-security-policy-report-only"];
  res.setHeader("Content-Security-Policy", policy);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
}

/**
 * Pages accept writes only as server actions. Next refuses an action whose Origin names another
 * host, but lets one without any Origin through with a warning; the REST API refuses both. So the
 * same rule holds for both entry points, a write to a page must name our own host as its Origin.
 * (Browsers always send Origin on POST; only hand-made requests arrive without one.)
 * Returns true when the request was answered here.
 */
export function refuseForeignPageWrite(req: IncomingMessage, res: ServerResponse): boolean {
  const method = req.method ?? "GET";
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  const pathname = (req.url ?? "/").split("?")[0];
  if (pathname.startsWith("/api/")) return false;
  if (isSameOriginRequest(req.headers)) return false;
  res.statusCode = 403;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end("Cross-origin request refused");
  return true;
}
