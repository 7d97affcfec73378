import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { requestOrigin } from "@/lib/api/presenters";

/** GET /api/v1/openapi.json: public, so API clients and doc viewers can read it without a token. */
export function GET(request: Request): Response {
  return NextResponse.json(buildOpenApiDocument(requestOrigin(request)));
}
