import { migrateCurrentDatabase } from "@/db/migrate";
import { findUserByEmail } from "@/db/queries/users";
import { createApiToken } from "@/lib/commands/tokens";
import { notFound } from "@/lib/errors";
import { createTokenSchema, emailSchema } from "@/lib/validations/schemas";
import { parseFlag } from "./validate-flag";

/** `token create`: a personal API token for the account with this e-mail address. */
export async function createTokenForAccount(input: {
  email: unknown;
  name: unknown;
}): Promise<{ token: string; tokenName: string; email: string }> {
  const email = parseFlag(emailSchema, input.email, "--email");
  const tokenName = parseFlag(createTokenSchema.shape.name, input.name, "--name");
  await migrateCurrentDatabase();
  const user = await findUserByEmail(email);
  if (!user) throw notFound(`No account with e-mail ${email}`);
  const { token } = await createApiToken(user.id, tokenName);
  return { token, tokenName, email: user.email };
}
