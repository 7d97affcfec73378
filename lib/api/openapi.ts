import { z, type ZodType } from "zod";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/session-cookie";
import {
  addMemberSchema,
  commentBodySchema,
  createPageSchema,
  createRelationSchema,
  createThreadSchema,
  createWikiSchema,
  citePageSchema,
  mergeSourceSchema,
  restoreVersionSchema,
  saveVersionSchema,
  updateMemberSchema,
  updatePageSchema,
  updateSourceSchema,
  updateStrandSchema,
  updateThesisSchema,
  updateCitationStyleSchema,
  passwordResetRequestSchema,
  decideAllSuggestionsSchema,
} from "@/lib/validations/schemas";
import { auditEventView, auditPageView } from "./audit-presenters";
import { commentRevisionView, inboxItemView, threadView } from "./comment-presenters";
import { diffView, versionContentView, versionView } from "./history-presenters";
import { backlinksView, citationView } from "./link-presenters";
import { sourceInputSchema } from "@/lib/sources/kinds";
import { footnotesView, savedSourceView, sourceDetailView, sourceView } from "@/lib/sources/present";
import { declaredEndpoints } from "./endpoints";
import type { EndpointDeclaration } from "./endpoint";
import { decideAllView, suggestionListView, suggestionView } from "./suggestion-presenters";
import { argumentMapView, relationsView, relationView, strandView } from "./strand-presenters";
import { addMemberResultView, errorView, memberView, meView, pageSummaryView, pageView, proseMirrorNode, wikiView } from "./presenters";

/**
 * The OpenAPI 3.1 document for `/api/v1`, generated from the endpoint declarations beside each
 * handler (lib/api/endpoints.ts lists them): the zod schemas there validate requests and type
 * responses, so the document cannot drift from what the handlers enforce and return. Schemas
 * named below become shared components; any other is written out where it is used.
 */

type JsonSchema = Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Request bodies are described as clients send them (defaults make fields optional). */
const REQUEST_SCHEMAS: Record<string, ZodType> = {
  CreateWikiRequest: createWikiSchema,
  AddMemberRequest: addMemberSchema,
  UpdateMemberRequest: updateMemberSchema,
  CreatePageRequest: createPageSchema,
  UpdatePageRequest: updatePageSchema,
  SaveVersionRequest: saveVersionSchema,
  RestoreRequest: restoreVersionSchema,
  CreateThreadRequest: createThreadSchema,
  CommentBodyRequest: commentBodySchema,
  CitePageRequest: citePageSchema,
  SourceRequest: sourceInputSchema,
  UpdateSourceRequest: updateSourceSchema,
  MergeSourceRequest: mergeSourceSchema,
  UpdateStrandRequest: updateStrandSchema,
  CreateRelationRequest: createRelationSchema,
  UpdateThesisRequest: updateThesisSchema,
  UpdateCitationStyleRequest: updateCitationStyleSchema,
  PasswordResetRequest: passwordResetRequestSchema,
  DecideAllSuggestionsRequest: decideAllSuggestionsSchema,
};

const RESPONSE_SCHEMAS: Record<string, ZodType> = {
  Error: errorView,
  Me: meView,
  Wiki: wikiView,
  Member: memberView,
  AddMemberResult: addMemberResultView,
  PageSummary: pageSummaryView,
  Page: pageView,
  ProseMirrorNode: proseMirrorNode,
  Version: versionView,
  VersionContent: versionContentView,
  Diff: diffView,
  Thread: threadView,
  CommentRevision: commentRevisionView,
  InboxItem: inboxItemView,
  Backlinks: backlinksView,
  Citation: citationView,
  Source: sourceView,
  SavedSource: savedSourceView,
  SourceDetail: sourceDetailView,
  Footnotes: footnotesView,
  Strand: strandView,
  Relation: relationView,
  Relations: relationsView,
  ArgumentMap: argumentMapView,
  AuditEvent: auditEventView,
  AuditPage: auditPageView,
  Suggestion: suggestionView,
  SuggestionList: suggestionListView,
  DecideAllResult: decideAllView,
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid JSON (`invalid_json`) or a request that fails validation (`bad_request`, with per-field `details`)",
  401: "No credential, or an invalid or revoked API token (`unauthorized`)",
  403: "The caller's role in the wiki is too low, or a browser-session request that changes state came from another origin (`forbidden`)",
  404: "No such resource, or the caller has no role in its wiki (`not_found`; existence is not revealed)",
  409: "The change conflicts with the current state (`conflict`)",
  413: "The request body is too large (`payload_too_large`)",
  415: "The body is not `application/json` (`unsupported_media_type`)",
  429: "Too many requests from this address; wait a few minutes (`rate_limited`)",
};

const PATH_PARAMETERS: Record<string, string> = {
  wikiId: "The wiki's id",
  userId: "The member's user id",
  pageId: "The page's id",
  version: "A version number (1, 2, …)",
  threadId: "The thread's id",
  commentId: "The comment's id",
};

function errorResponse(status: number) {
  return { description: ERROR_DESCRIPTIONS[status], content: { "application/json": { schema: ref("Error") } } };
}

/**
 * JSON Schemas for every component and every schema an endpoint uses, converted together so that
 * a use of a component is a `$ref` to it. `schemaOf` answers the converted form of a used schema.
 */
function convertSchemas(components: Record<string, ZodType>, used: ZodType[], io: "input" | "output") {
  const names = new Map<ZodType, string>(Object.entries(components).map(([name, schema]) => [schema, name]));
  const registry = z.registry<{ id: string }>();
  for (const [schema, name] of names) registry.add(schema, { id: name });
  const inline = new Map<ZodType, string>();
  const inlineIds = new Set<string>();
  for (const schema of used) {
    if (names.has(schema) || inline.has(schema)) continue;
    inline.set(schema, `inline-${inline.size}`);
    inlineIds.add(inline.get(schema)!);
    registry.add(schema, { id: inline.get(schema)! });
  }
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: "any" });
  const out = liftSharedDefinitions(schemas);
  // Components sit inside the OpenAPI document; their own `$schema`/`$id` would only confuse tools.
  const clean = (id: string) => {
    const { $schema: _s, $id: _i, ...schema } = out[id];
    return schema as JsonSchema;
  };
  return {
    components: Object.fromEntries(
      Object.keys(out)
        .filter((id) => !inlineIds.has(id))
        .map((id) => [id, clean(id)]),
    ),
    schemaOf: (schema: ZodType): JsonSchema => (names.has(schema) ? ref(names.get(schema)!) : clean(inline.get(schema)!)),
  };
}

/**
 * zod puts a definition it cannot name (the array of a recursive field, ProseMirrorNode.content) in
 * a `__shared` schema referenced as `__shared#/$defs/…`, which is no valid reference inside one
 * document; each such definition becomes a component of its own.
 */
function liftSharedDefinitions(schemas: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const { __shared: shared, ...rest } = schemas;
  const renames: [string, string][] = [];
  for (const [id, def] of Object.entries((shared?.$defs ?? {}) as Record<string, JsonSchema>)) {
    // zod calls them schema0, schema1…: an array of a component is named after it ("ProseMirrorNodeList").
    const items = (def.items as JsonSchema | undefined)?.$ref;
    const name = def.type === "array" && typeof items === "string" ? `${items.split("/").at(-1)}List` : `Shared${id}`;
    rest[name] = def;
    renames.push([`"#/components/schemas/__shared#/$defs/${id}"`, `"#/components/schemas/${name}"`]);
  }
  return JSON.parse(renames.reduce((text, [from, to]) => text.replaceAll(from, to), JSON.stringify(rest)));
}

/** The query parameters of an object schema (a transformed one is read through to its input). */
function queryParameters(schema: ZodType | undefined) {
  let object: unknown = schema;
  while (object instanceof z.ZodPipe) object = object.in;
  if (!object) return [];
  if (!(object instanceof z.ZodObject)) throw new Error("An endpoint's query must be a zod object");
  return Object.entries(object.shape as Record<string, ZodType>).map(([name, field]) => ({
    name,
    in: "query",
    required: !field.safeParse(undefined).success,
    description: field.description ?? name,
    schema: { type: "string" },
  }));
}

type SchemaOf = (schema: ZodType) => JsonSchema;

function operationObject(op: EndpointDeclaration, requestSchema: SchemaOf, responseSchema: SchemaOf) {
  const isPublic = op.action === "public";
  const parameters = [
    ...[...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: "path",
      required: true,
      description: PATH_PARAMETERS[name],
      schema: { type: "string" },
    })),
    ...queryParameters(op.query),
  ];
  const { status, description, schema, contentType } = op.response;
  const responses: Record<string, unknown> = {
    [status]: schema
      ? { description, content: { [contentType ?? "application/json"]: { schema: responseSchema(schema) } } }
      : { description },
  };
  for (const code of [...(isPublic ? [] : [401]), ...op.errors].sort((a, b) => a - b)) responses[code] = errorResponse(code);
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: requestSchema(op.body) } } } } : {}),
    ...(op.upload ? { requestBody: { required: true, content: op.upload } } : {}),
    responses,
    ...(isPublic ? { security: [] } : {}),
  };
}

type Generated = { components: Record<string, JsonSchema>; paths: Record<string, Record<string, unknown>> };
let generated: Generated | undefined;

/** Components and paths, generated once from the declarations. */
function generate(): Generated {
  const endpoints = declaredEndpoints();
  const requests = convertSchemas(
    REQUEST_SCHEMAS,
    endpoints.flatMap((op) => (op.body ? [op.body] : [])),
    "input",
  );
  const responses = convertSchemas(
    RESPONSE_SCHEMAS,
    endpoints.flatMap((op) => (op.response.schema ? [op.response.schema] : [])),
    "output",
  );
  const paths: Generated["paths"] = {};
  for (const op of endpoints) (paths[op.path] ??= {})[op.method.toLowerCase()] = operationObject(op, requests.schemaOf, responses.schemaOf);
  return { components: { ...requests.components, ...responses.components }, paths };
}

/** The OpenAPI document; `origin` (e.g. `https://wiki.example.org`) becomes the server URL. */
export function buildOpenApiDocument(origin: string) {
  generated ??= generate();
  const { components, paths } = generated;
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Opinio REST API",
      version: "1",
      description:
        'Opinio\'s REST API. Authenticate with `Authorization: Bearer <personal API token>` (create one with `npm run opinio -- token create`); the browser session works too, but then requests that change state must come from Opinio\'s own origin. Errors are always `{ "error": { "code", "message" } }` with a matching HTTP status. Ids are opaque strings.',
    },
    servers: [{ url: `${origin}/api/v1` }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A personal API token" },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE_NAMES[0],
          description: "The browser session (same-origin requests only for writes)",
        },
      },
    },
  };
}
