import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";

/**
 * OAuth/OIDC providers switched on by environment variables. They sign in existing accounts only
 * (matched by verified e-mail): membership in Opinio stays invitation-based.
 */
export function externalProviders(): Provider[] {
  const providers: Provider[] = [];
  const env = process.env;
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET) {
    providers.push({
      id: "oidc",
      name: env.AUTH_OIDC_NAME || "Single sign-on",
      type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_ID,
      clientSecret: env.AUTH_OIDC_SECRET,
    });
  }
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  }
  return providers;
}

export function externalProviderList(): { id: string; name: string }[] {
  return externalProviders().map((p) => {
    const provider = typeof p === "function" ? p() : p;
    return { id: provider.id, name: provider.name };
  });
}
