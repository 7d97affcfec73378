import { NextResponse } from "next/server";
import { errorResponse, readJson } from "@/lib/api/handler";
import { requestOrigin } from "@/lib/api/presenters";
import { clientIp } from "@/lib/audit/client-ip";
import { requestPasswordReset } from "@/lib/commands/password-resets";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { passwordResetRequestSchema } from "@/lib/validations/schemas";

/** The one answer, whether or not an account uses the address. */
const ACCEPTED = { ok: true, message: "If an account uses this e-mail address, a link to reset its password is on its way. It works for an hour." };

/**
 * POST /api/v1/password-resets {email}: public, so not `apiRoute` (which requires a credential).
 * Always 202 with the same body; 429 only when one address asks too often.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const input = await readJson(request, passwordResetRequestSchema);
    await requestPasswordReset(input.email, { ip: clientIp(request.headers), origin: requestOrigin(request) });
    return NextResponse.json(ACCEPTED, { status: 202 });
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error);
    logger.error({ err: error, url: request.url }, "password reset request failed");
    return errorResponse(new AppError("internal", "Something went wrong on the server"));
  }
}
