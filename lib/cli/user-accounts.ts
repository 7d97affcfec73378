import { migrateCurrentDatabase } from "@/db/migrate";
import { findUserByEmail, listUsers, type PublicUser } from "@/db/queries/users";
import { createUser, resetPassword } from "@/lib/commands/users";
import { conflict, notFound } from "@/lib/errors";
import { emailSchema, nameSchema, passwordSchema } from "@/lib/validations/schemas";
import { parseFlag } from "./validate-flag";

/** Supplies the password once the cheap checks have passed, so nobody types one in vain. */
export type PasswordSource = () => Promise<string>;

/** `user create`: validates, refuses a taken e-mail address, then asks for the password. */
export async function createAccount(input: { email: unknown; name: unknown }, readPassword: PasswordSource): Promise<PublicUser> {
  const email = parseFlag(emailSchema, input.email, "--email");
  const name = parseFlag(nameSchema, input.name, "--name");
  await migrateCurrentDatabase();
  if (await findUserByEmail(email)) throw conflict(`An account with e-mail ${email} already exists`);
  const password = parseFlag(passwordSchema, await readPassword());
  const user = await createUser({ email, name, password });
  return { id: user.id, email: user.email, name: user.name };
}

/** `user reset-password`: the account must exist before the new password is asked for. */
export async function resetAccountPassword(input: { email: unknown }, readPassword: PasswordSource): Promise<PublicUser> {
  const email = parseFlag(emailSchema, input.email, "--email");
  await migrateCurrentDatabase();
  if (!(await findUserByEmail(email))) throw notFound(`No account with e-mail ${email}`);
  const password = parseFlag(passwordSchema, await readPassword());
  const user = await resetPassword(email, password);
  return { id: user.id, email: user.email, name: user.name };
}

/** `user list`. */
export async function listAccounts(): Promise<PublicUser[]> {
  await migrateCurrentDatabase();
  return listUsers();
}
