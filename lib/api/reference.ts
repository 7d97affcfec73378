import type { Role } from "@/db/schema";
import { can } from "@/lib/policies";
import type { Caller } from "./endpoint";
import { declaredEndpoints } from "./endpoints";
import { buildOpenApiDocument } from "./openapi";

/**
 * docs/api.md, the API reference, generated from the endpoint declarations (through the OpenAPI
 * document built from them). `npm run docs:api` writes it; lib/api/reference.test.ts fails when
 * the file in the repository is not what this renders.
 */

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  format?: string;
  default?: unknown;
};
type Parameter = { name: string; in: "path" | "query"; required: boolean; description?: string };
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};

const ROLES_LOW_TO_HIGH: Role[] = ["viewer", "commenter", "reviewer", "editor", "owner"];

function whoMayCall(action: Caller): string {
  if (action === "public") return "anyone, no credential needed";
  if (action === "account") return "any signed-in account";
  const lowest = ROLES_LOW_TO_HIGH.find((role) => can(role, action));
  return `\`${action}\`: ${lowest === "owner" ? "owners" : `${lowest}s and up`}`;
}

/** A schema in one line: a component's name (linked), `T[]`, a union, or an inline object's fields. */
function typeOf(schema: JsonSchema | undefined): string {
  if (!schema) return "any";
  if (schema.$ref) {
    const name = schema.$ref.split("/").at(-1)!;
    return `[${name}](#${name.toLowerCase()})`;
  }
  if (schema.anyOf ?? schema.oneOf) return (schema.anyOf ?? schema.oneOf)!.map(typeOf).join(" \\| ");
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ");
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.type === "array") return `${typeOf(schema.items)}[]`;
  if (schema.type === "object" && schema.properties) {
    const fields = Object.entries(schema.properties).map(
      ([name, field]) => `${name}${schema.required?.includes(name) ? "" : "?"}: ${typeOf(field)}`,
    );
    return `{ ${fields.join(", ")} }`;
  }
  if (Array.isArray(schema.type)) return schema.type.join(" \\| ");
  return schema.format ? `${schema.type} (${schema.format})` : (schema.type ?? "any");
}

/** Table cells hold one line; a `|` inside one would end the cell. */
const cell = (text: string | undefined) => (text ?? "").replace(/\n+/g, " ").replace(/(?<!\\)\|/g, "\\|");

function renderOperation(method: string, path: string, action: Caller, op: Operation): string[] {
  const lines = [`### \`${method} ${path}\``, "", op.summary + (op.summary.endsWith(".") ? "" : "."), ""];
  if (op.description) lines.push(op.description, "");
  lines.push(`- **Who may call:** ${whoMayCall(action)}`, `- **Operation id:** \`${op.operationId}\``);
  for (const [type, { schema }] of Object.entries(op.requestBody?.content ?? {}))
    lines.push(`- **Request body** (\`${type}\`): ${typeOf(schema)}`);
  const [success, ...errors] = Object.entries(op.responses);
  const [status, { description, content }] = success;
  const body = Object.entries(content ?? {})[0];
  lines.push(`- **Response ${status}:** ${description}${body ? ` (\`${body[0]}\`): ${typeOf(body[1].schema)}` : ""}`);
  if (errors.length) lines.push(`- **Errors:** ${errors.map(([code]) => code).join(", ")}`);
  const parameters = op.parameters ?? [];
  if (parameters.length) {
    lines.push("", "| Parameter | In | Required | Description |", "| --- | --- | --- | --- |");
    for (const p of parameters) lines.push(`| \`${p.name}\` | ${p.in} | ${p.required ? "yes" : "no"} | ${cell(p.description)} |`);
  }
  lines.push("");
  return lines;
}

/** Endpoints grouped by what they act on, in the order a reader meets those things. */
const GROUPS = ["me", "wikis", "pages", "threads", "comments", "sources", "relations", "search", "openapi.json"];
const groupOf = (path: string) => {
  const rank = GROUPS.indexOf(path.split("/")[1]);
  return rank === -1 ? GROUPS.length : rank;
};

function renderSchema(name: string, schema: JsonSchema): string[] {
  const lines = [`### ${name}`, ""];
  if (schema.description) lines.push(schema.description, "");
  if (schema.type === "object" && schema.properties) {
    lines.push("| Field | Type | Required | Description |", "| --- | --- | --- | --- |");
    for (const [field, value] of Object.entries(schema.properties)) {
      lines.push(
        `| \`${field}\` | ${cell(typeOf(value))} | ${schema.required?.includes(field) ? "yes" : "no"} | ${cell(value.description)} |`,
      );
    }
  } else lines.push(`${typeOf(schema)}`);
  lines.push("");
  return lines;
}

export function renderApiReference(): string {
  const doc = buildOpenApiDocument("https://wiki.example.org");
  const paths = doc.paths as Record<string, Record<string, Operation>>;
  const errorText = (code: string) => {
    for (const ops of Object.values(paths))
      for (const op of Object.values(ops)) if (op.responses[code]) return op.responses[code].description;
    return "";
  };
  const errorCodes = [...new Set(Object.values(paths).flatMap((ops) => Object.values(ops).flatMap((op) => Object.keys(op.responses))))]
    .filter((code) => Number(code) >= 400)
    .sort();
  const lines = [
    "# Opinio REST API reference",
    "",
    "<!-- Generated by `npm run docs:api` from the endpoint declarations beside each handler (app/api/v1/**/route.ts). Do not edit by hand. -->",
    "",
    doc.info.description,
    "",
    "Every path below is under `/api/v1`. The machine-readable description is `GET /api/v1/openapi.json` (OpenAPI 3.1).",
    "",
    "## Errors",
    "",
    "| Status | When |",
    "| --- | --- |",
    ...errorCodes.map((code) => `| ${code} | ${cell(errorText(code))} |`),
    "",
    "## Endpoints",
    "",
  ];
  const endpoints = declaredEndpoints().sort(
    (a, b) => groupOf(a.path) - groupOf(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  for (const endpoint of endpoints) {
    lines.push(...renderOperation(endpoint.method, endpoint.path, endpoint.action, paths[endpoint.path][endpoint.method.toLowerCase()]));
  }
  lines.push("## Schemas", "");
  for (const [name, schema] of Object.entries(doc.components.schemas)) lines.push(...renderSchema(name, schema as JsonSchema));
  return lines.join("\n").replace(/\n+$/, "\n");
}
