import { NextResponse } from "next/server";
import { z, type ZodType } from "zod";
import type { Action } from "@/lib/policies";
import { apiRoute, failureResponse, readJson, readQuery, type ApiContext } from "./handler";

/**
 * One REST endpoint, declared once beside its handler: the OpenAPI document, the API reference
 * (docs/api.md) and the security matrix's endpoint list are all generated from these declarations
 * (lib/api/endpoints.ts lists every route module).
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type ErrorStatus = 400 | 403 | 404 | 409 | 413 | 415 | 429;
export type SuccessStatus = 200 | 201 | 202 | 204;

/** `{ pageId: string; version: string }` from "/pages/{pageId}/versions/{version}". */
export type PathParams<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? { [K in Name | keyof PathParams<Rest>]: string }
  : unknown;

/**
 * Who may call: a policy action (lib/policies) asked of the caller's role in the wiki the request
 * names, "account" for any signed-in caller, "public" for anyone (no credential needed).
 */
export type Caller = Action | "account" | "public";

export type EndpointDeclaration = {
  method: HttpMethod;
  /** The path under /api/v1, with `{param}` for each dynamic segment of the route file's folder. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  action: Caller;
  /** Query parameters, validated by the wrapper (each given once); `.describe()` documents each one. */
  query?: ZodType;
  /** A JSON body, validated by the wrapper (application/json only, at most 2 MB). */
  body?: ZodType;
  /** A non-JSON body (e.g. a file upload) that the handler reads itself, as OpenAPI `content`. */
  upload?: Record<string, { schema: Record<string, unknown> }>;
  response: {
    status: SuccessStatus;
    description: string;
    schema?: ZodType;
    /** A body that is not JSON (e.g. a download), described by `schema`. */
    contentType?: string;
  };
  /** Error statuses the endpoint may answer besides 401 (every endpoint but public ones can). */
  errors: ErrorStatus[];
};

/** The response of an endpoint that answers with a file to download (its own content type and filename). */
export const FILE_DOWNLOAD = {
  status: 200,
  description: "The file, with a content type and filename for its format",
  schema: z.string().meta({ format: "binary" }),
  contentType: "application/octet-stream",
} as const satisfies EndpointDeclaration["response"];

type Output<S> = S extends ZodType ? z.output<S> : undefined;
type Reply<R extends EndpointDeclaration["response"]> = R["schema"] extends ZodType
  ? z.input<R["schema"]>
  : R["status"] extends 204
    ? void
    : unknown;

/** What a handler receives: the caller, path parameters, and the already validated query and body. */
export type EndpointContext<D extends EndpointDeclaration, A> = ApiContext<PathParams<D["path"]>> & {
  query: Output<D["query"]>;
  body: Output<D["body"]>;
  /** What the declaration's `access` check returned (run before any input is read). */
  access: A;
};

/**
 * Resolves the resource a request names and checks the declared action on it (throws not_found or
 * forbidden). Its params are loosely typed: typing them from the path would stop TypeScript from
 * inferring the declaration.
 */
export type AccessCheck<A> = (userId: string, params: Record<string, string>, action: Action) => A | Promise<A>;

export type EndpointHandler = ((request: Request, route: { params: Promise<unknown> }) => Promise<Response>) & {
  endpoint: EndpointDeclaration;
};

/**
 * Declares an endpoint and wraps its handler (authentication and origin checks as `apiRoute`).
 * When `access` is given it runs first, so a caller who may not see the resource learns nothing
 * from validation errors; otherwise the input is validated first and the handler checks access.
 * A handler's plain return value is sent as JSON with the declared success status.
 */
export function endpoint<const D extends EndpointDeclaration, A = undefined>(
  declaration: D & { access?: AccessCheck<A> },
  handler: (ctx: EndpointContext<D, A>) => Promise<Response | Reply<D["response"]>>,
): EndpointHandler {
  const { access, ...spec } = declaration;
  const wrapped = apiRoute<PathParams<D["path"]>>(async (ctx) => {
    let checked = undefined as A;
    if (access) {
      if (spec.action === "account" || spec.action === "public")
        throw new Error(`${spec.operationId}: an access check needs a policy action`);
      checked = await access(ctx.user.id, ctx.params as Record<string, string>, spec.action);
    }
    const query = (spec.query ? readQuery(ctx.request, spec.query) : undefined) as Output<D["query"]>;
    const body = (spec.body ? await readJson(ctx.request, spec.body) : undefined) as Output<D["body"]>;
    const result = await handler({ ...ctx, query, body, access: checked });
    if (result instanceof Response) return result;
    if (spec.response.status === 204) return new Response(null, { status: 204 });
    return NextResponse.json(result ?? { ok: true }, { status: spec.response.status });
  });
  return Object.assign(wrapped as (request: Request, route: { params: Promise<unknown> }) => Promise<Response>, {
    endpoint: spec as EndpointDeclaration,
  });
}

/**
 * A public endpoint: no credential is looked up and none is needed, so there is no session to
 * borrow and no origin check. The declared query and body are validated as for `endpoint`, and
 * errors answer in the same shape.
 */
export function publicEndpoint<const D extends EndpointDeclaration & { action: "public" }>(
  declaration: D,
  handler: (ctx: {
    request: Request;
    query: Output<D["query"]>;
    body: Output<D["body"]>;
  }) => Promise<Response | Reply<D["response"]>> | Response,
): EndpointHandler {
  const wrapped = async (request: Request): Promise<Response> => {
    try {
      const query = (declaration.query ? readQuery(request, declaration.query) : undefined) as Output<D["query"]>;
      const body = (declaration.body ? await readJson(request, declaration.body) : undefined) as Output<D["body"]>;
      const result = await handler({ request, query, body });
      if (result instanceof Response) return result;
      if (declaration.response.status === 204) return new Response(null, { status: 204 });
      return NextResponse.json(result ?? { ok: true }, { status: declaration.response.status });
    } catch (error) {
      return failureResponse(error, request);
    }
  };
  return Object.assign(wrapped, { endpoint: declaration as EndpointDeclaration });
}
