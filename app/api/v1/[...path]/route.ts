import { errorResponse } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";

/** Unknown API paths answer in the API's own error shape rather than with Next's HTML 404 page. */
function notFound(): Response {
  return errorResponse(new AppError("not_found", "No such API endpoint; see /api/v1/openapi.json"));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
