import { headers } from "next/headers";
import type { User } from "@/db/schema";
import { clientIp } from "./client-ip";
import type { Actor } from "./record";

/** The signed-in user as the actor of a server action, with the address the request came from. */
export async function sessionActor(user: Pick<User, "id">): Promise<Actor> {
  return { userId: user.id, ip: clientIp(await headers()) };
}
