import { apiRoute } from "@/lib/api/handler";
import { presentMe } from "@/lib/api/presenters";

/** GET /api/v1/me: who the credential belongs to. */
export const GET = apiRoute(async ({ user }) => presentMe(user));
