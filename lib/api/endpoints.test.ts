import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EndpointHandler } from "./endpoint";
import { declaredEndpoints, ROUTE_MODULES } from "./endpoints";
import { buildOpenApiDocument } from "./openapi";

const ROOT = path.resolve(import.meta.dirname, "../..");
const API_ROOT = "app/api/v1";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** Every route.ts under app/api/v1 but the catch-all that answers unknown paths with 404. */
function routeFiles(dir = API_ROOT): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name.startsWith("[...") ? [] : routeFiles(relative);
    return entry.name === "route.ts" ? [relative] : [];
  });
}

/** "/pages/{pageId}/versions" for app/api/v1/pages/[pageId]/versions/route.ts. */
function pathOfFile(file: string): string {
  return file.slice(API_ROOT.length, -"/route.ts".length).replace(/\[(\w+)\]/g, "{$1}");
}

describe("endpoint declarations", () => {
  it("list every route file under app/api/v1 in lib/api/endpoints.ts", () => {
    expect(Object.keys(ROUTE_MODULES).sort()).toEqual(routeFiles().sort());
  });

  it("are attached to every exported method handler, with the method it is exported as and the path of its file", () => {
    const problems: string[] = [];
    for (const [file, module] of Object.entries(ROUTE_MODULES)) {
      for (const name of Object.keys(module).filter((key) => METHODS.includes(key))) {
        const declaration = (module[name] as Partial<EndpointHandler>).endpoint;
        if (!declaration) problems.push(`${file}: ${name} has no declaration (wrap it in endpoint())`);
        else {
          if (declaration.method !== name) problems.push(`${file}: ${name} is declared as ${declaration.method}`);
          if (declaration.path !== pathOfFile(file))
            problems.push(`${file}: ${name} is declared at ${declaration.path}, the file serves ${pathOfFile(file)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("give each endpoint its own operationId", () => {
    const ids = declaredEndpoints().map((e) => e.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it("are what the OpenAPI document describes, operation for operation", () => {
    const doc = buildOpenApiDocument("http://localhost");
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${p} ${(op as { operationId: string }).operationId}`),
    );
    expect(documented.sort()).toEqual(
      declaredEndpoints()
        .map((e) => `${e.method} ${e.path} ${e.operationId}`)
        .sort(),
    );
  });

  it("leave no dangling schema reference in the OpenAPI document", () => {
    const doc = buildOpenApiDocument("http://localhost");
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(([, name]) => name);
    expect(refs.filter((name) => !(name in doc.components.schemas))).toEqual([]);
  });
});
