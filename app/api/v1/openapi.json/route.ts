import { NextResponse } from "next/server";
import { z } from "zod";
import { publicEndpoint } from "@/lib/api/endpoint";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { requestOrigin } from "@/lib/api/presenters";

/** GET /api/v1/openapi.json: public, so API clients and doc viewers can read it without a token. */
export const GET = publicEndpoint(
  {
    method: "GET",
    path: "/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This document (public: no credential needed)",
    action: "public",
    response: { status: 200, description: "The OpenAPI 3.1 document", schema: z.object({}).loose() },
    errors: [],
  },
  ({ request }) => NextResponse.json(buildOpenApiDocument(requestOrigin(request))),
);
