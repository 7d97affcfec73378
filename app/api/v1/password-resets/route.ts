import { z } from "zod";
import { publicEndpoint } from "@/lib/api/endpoint";
import { requestOrigin } from "@/lib/api/presenters";
import { clientIp } from "@/lib/audit/client-ip";
import { requestPasswordReset } from "@/lib/commands/password-resets";
import { passwordResetRequestSchema } from "@/lib/validations/schemas";

/** The one answer, whether or not an account uses the address. */
const ACCEPTED = {
  ok: true as const,
  message: "If an account uses this e-mail address, a link to reset its password is on its way. It works for an hour.",
};

/** POST /api/v1/password-resets {email}: public; always 202 with the same body, 429 only when one address asks too often. */
export const POST = publicEndpoint(
  {
    method: "POST",
    path: "/password-resets",
    operationId: "requestPasswordReset",
    summary: "Ask for a password reset link by e-mail (public: no credential needed)",
    description:
      "Mails a one-time link, valid for an hour, that sets a new password and ends the account's sessions. The answer is always 202 with the same body, whether or not an account uses the address (and when e-mail is off). Limited per e-mail (further requests send nothing) and per client address (429).",
    action: "public",
    body: passwordResetRequestSchema,
    response: {
      status: 202,
      description: "Accepted; the same answer for every address",
      schema: z.object({ ok: z.literal(true), message: z.string() }),
    },
    errors: [400, 413, 415, 429],
  },
  async ({ request, body }) => {
    await requestPasswordReset(body.email, { ip: clientIp(request.headers), origin: requestOrigin(request) });
    return ACCEPTED;
  },
);
