import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { findUserByEmail } from "@/db/queries/users";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { externalProviders } from "./providers";
import { consumeAuthAttempt, resetAuthAttempts } from "./rate-limit";

class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

function clientIp(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  // Self-hosted behind whatever host name the team uses; next-auth must not insist on AUTH_URL.
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin" },
  providers: [
    Credentials({
      credentials: { email: { label: "E-mail" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const key = `${clientIp(request)}:${email}`;
        if (!(await consumeAuthAttempt(key))) throw new TooManyAttempts();
        const user = findUserByEmail(email);
        if (!user?.passwordHash) {
          await verifyPassword(await dummyPasswordHash(), password);
          return null;
        }
        if (!(await verifyPassword(user.passwordHash, password))) return null;
        await resetAuthAttempts(key);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    ...externalProviders(),
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (!account || account.type === "credentials") return true;
      // External providers may only sign in people who already have an Opinio account.
      return !!(user.email && findUserByEmail(user.email));
    },
    async jwt({ token, user, account }) {
      if (user && account) {
        const local = account.type === "credentials" ? user : findUserByEmail(user.email ?? "");
        if (local?.id) token.sub = local.id;
      }
      return token;
    },
    async session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
