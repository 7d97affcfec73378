import { writeTransaction } from "@/db/client";
import { countUsers, findUserByEmail, insertUser, updateUserPassword } from "@/db/queries/users";
import type { User } from "@/db/schema";
import { hashPassword } from "@/lib/auth/passwords";
import { conflict, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";

/** Creates an account; refuses an e-mail address that already has one. */
export async function createUser(input: { email: string; name: string; password: string | null }): Promise<User> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return writeTransaction(() => {
    if (findUserByEmail(input.email)) throw conflict("An account with this e-mail address already exists");
    return insertUser({ id: newId(), email: input.email, name: input.name, passwordHash });
  });
}

/**
 * Creates the very first account. The check and the insert share one transaction so two people
 * racing through the setup screen cannot both become the first owner.
 */
export async function createFirstUser(input: { email: string; name: string; password: string }): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return writeTransaction(() => {
    if (countUsers() > 0) throw conflict("Opinio is already set up; sign in instead");
    return insertUser({ id: newId(), email: input.email, name: input.name, passwordHash });
  });
}

export async function resetPassword(email: string, password: string): Promise<User> {
  const user = findUserByEmail(email);
  if (!user) throw notFound(`No account with e-mail ${email}`);
  updateUserPassword(user.id, await hashPassword(password));
  return user;
}
