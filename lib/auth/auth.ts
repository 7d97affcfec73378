import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { z } from "zod";
import { findUserByEmail, findUserById } from "@/db/queries/users";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { clientIp as peerAddress } from "@/lib/audit/client-ip";
import { recordAuditBestEffort } from "@/lib/audit/record";
import { createAuthLogger } from "./auth-logger";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { externalProviders } from "./providers";
import { admitSignInAttempt, recordSignInFailure, recordSignInSuccess } from "./rate-limit";

class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

export const { handlers, auth, signIn, signOut } = NextAuth({
  // Self-hosted behind whatever host name the team uses; next-auth must not insist on AUTH_URL.
  trustHost: true,
  logger: createAuthLogger(),
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin" },
  providers: [
    Credentials({
      credentials: { email: { label: "E-mail" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        // The address our own server stamped (the socket's, or with TRUST_PROXY the proxy's
        // report): a client cannot choose it. Budgets per address and account: rate-limit.ts.
        const address = peerAddress(request.headers) ?? "local";
        if (!(await admitSignInAttempt(email, address))) throw new TooManyAttempts();
        const user = await findUserByEmail(email);
        if (!user?.passwordHash) {
          await verifyPassword(await dummyPasswordHash(), password);
          return null;
        }
        if (!(await verifyPassword(user.passwordHash, password))) {
          await recordSignInFailure(email);
          // Recorded against the account whose password was tried, as its owner would want to
          // know; attempts on unknown addresses concern nobody's log and are not kept.
          await recordAuditBestEffort({
            action: AUDIT_ACTIONS.signInFailed,
            by: { userId: user.id, ip: peerAddress(request.headers) },
            wikiId: null,
            details: { reason: "wrong password" },
          });
          return null;
        }
        await recordSignInSuccess(email, address);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
    ...externalProviders(),
  ],
  events: {
    async signIn({ user, account }) {
      // Credentials users already carry the local id; external providers are matched by e-mail,
      // as in the jwt callback below.
      const local = account?.type === "credentials" ? user : await findUserByEmail(user.email ?? "");
      if (!local?.id) return;
      let ip: string | null = null;
      try {
        ip = peerAddress(await headers());
      } catch {
        // Outside a request (should not happen for a sign-in): the address is simply unknown.
      }
      await recordAuditBestEffort({
        action: AUDIT_ACTIONS.signedIn,
        by: { userId: local.id, ip },
        wikiId: null,
        details: { method: account?.provider ?? "unknown" },
      });
    },
  },
  callbacks: {
    async signIn({ user, account }) {
      if (!account || account.type === "credentials") return true;
      // External providers may only sign in people who already have an Opinio account.
      return !!(user.email && (await findUserByEmail(user.email)));
    },
    async jwt({ token, user, account }) {
      if (user && account) {
        const local = account.type === "credentials" ? user : await findUserByEmail(user.email ?? "");
        if (local?.id) {
          token.sub = local.id;
          // The session belongs to the account's current epoch; a password reset moves it on.
          token.epoch = (await findUserById(local.id))?.sessionEpoch ?? 0;
        }
        return token;
      }
      // A session refresh: one the account has ended (or that outlived the account) is dropped.
      const current = token.sub ? await findUserById(token.sub) : undefined;
      if (token.sub && (!current || current.sessionEpoch !== (typeof token.epoch === "number" ? token.epoch : 0))) return null;
      return token;
    },
    async session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
