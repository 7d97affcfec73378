import { endpoint } from "@/lib/api/endpoint";
import { meView, presentMe } from "@/lib/api/presenters";

/** GET /api/v1/me: who the credential belongs to. */
export const GET = endpoint(
  {
    method: "GET",
    path: "/me",
    operationId: "getMe",
    summary: "The account the credential belongs to",
    action: "account",
    response: { status: 200, description: "The caller", schema: meView },
    errors: [],
  },
  async ({ user }) => presentMe(user),
);
