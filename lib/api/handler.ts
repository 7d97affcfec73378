import { NextResponse } from "next/server";
import { z, type ZodType } from "zod";
import type { User } from "@/db/schema";
import { clientIp } from "@/lib/audit/client-ip";
import type { Actor } from "@/lib/audit/record";
import { getRequestUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { isSameOriginRequest } from "@/lib/server/request-origin";
import { containsNul, NUL_MESSAGE, urlContainsNul } from "@/lib/validations/nul";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** `actor` is the caller as commands record it in the audit log (with the request's address). */
export type ApiContext<P> = { request: Request; user: User; actor: Actor; params: P };

export function errorResponse(error: AppError): NextResponse {
  return NextResponse.json(
    { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } },
    { status: error.status },
  );
}

/**
 * Route handlers get no CSRF protection from Next. A request carrying the browser session that
 * changes state must come from our own origin; token requests carry no ambient credential.
 */
function assertSameOrigin(request: Request): void {
  if (!isSameOriginRequest(request.headers)) throw new AppError("forbidden", "Cross-origin request refused");
}

/**
 * Wraps a REST handler: authenticates (token or session), checks origin for session writes,
 * and turns thrown AppErrors into `{ error: { code, message } }` with the right status.
 */
export function apiRoute<P = Record<string, never>>(handler: (ctx: ApiContext<P>) => Promise<Response | unknown>) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const credential = await getRequestUser(request);
      if (!credential.user) {
        throw new AppError(
          "unauthorized",
          credential.via === "bad-token" ? "Invalid or revoked API token" : "Sign in or send an API token",
        );
      }
      if (credential.via === "session" && STATE_CHANGING.has(request.method)) assertSameOrigin(request);
      if (urlContainsNul(request.url)) throw new AppError("bad_request", NUL_MESSAGE);
      const params = (await route.params) ?? ({} as P);
      const actor = { userId: credential.user.id, ip: clientIp(request.headers) };
      const result = await handler({ request, user: credential.user, actor, params });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true });
    } catch (error) {
      return failureResponse(error, request);
    }
  };
}

/** A thrown AppError as its answer; anything else is logged and answered 500 without details. */
export function failureResponse(error: unknown, request: Request): NextResponse {
  if (error instanceof AppError) return errorResponse(error);
  logger.error({ err: error, url: request.url, method: request.method }, "API request failed");
  return errorResponse(new AppError("internal", "Something went wrong on the server"));
}

/** Reads and validates a JSON body; only `application/json` is accepted (a text/plain form post cannot pass). */
export async function readJson<T>(request: Request, schema: ZodType<T>): Promise<T> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw new AppError("unsupported_media_type", "Send the body as application/json");
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) throw new AppError("payload_too_large", "Request body is too large");
  const raw = await request.text();
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new AppError("payload_too_large", "Request body is too large");
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON");
  }
  if (containsNul(body)) throw new AppError("bad_request", NUL_MESSAGE);
  return validated(schema, body);
}

/**
 * Reads and validates the query string. Each parameter is given once; a repeated one is refused
 * rather than silently taking the first or last.
 */
export function readQuery<T>(request: Request, schema: ZodType<T>): T {
  const params = new URL(request.url).searchParams;
  const query: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in query) throw new AppError("bad_request", `${key}: give it once`);
    query[key] = value;
  }
  return validated(schema, query);
}

function validated<T>(schema: ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new AppError("bad_request", `${where}${issue?.message ?? "Invalid request"}`, z.treeifyError(parsed.error));
  }
  return parsed.data;
}
