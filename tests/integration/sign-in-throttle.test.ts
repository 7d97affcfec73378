import { describe, expect, it } from "vitest";
import { makeUser } from "../helpers/fixtures";
import { withServer } from "../helpers/with-server";

/**
 * Password guessing is throttled per (account, address) and per address, never by locking an
 * account from everywhere: otherwise anyone who knows a colleague's e-mail could keep them out.
 * Attempts on an account that many addresses are guessing at are slowed down instead. The test
 * server trusts X-Forwarded-For (TRUST_PROXY), so each request can come from its own address.
 */
const LIMIT = 2;
const server = withServer({ prefix: "opinio-throttle-", env: { TRUST_PROXY: "true", AUTH_RATE_LIMIT: String(LIMIT) } });

/** One credentials sign-in from `address`; answers where next-auth sends the browser. */
async function signIn(email: string, password: string, address: string): Promise<string> {
  const csrf = await fetch(`${server.url}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${server.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": address },
    body: new URLSearchParams({ email, password, csrfToken }),
  });
  return response.headers.get("location") ?? "";
}

describe("sign-in throttling", () => {
  it("locks an address out of an account it guessed at, while the owner still signs in from elsewhere", async () => {
    const victim = await makeUser("Valerie Victim");
    // Far more failures on the account than any one address may make, from many addresses.
    for (let a = 1; a <= 5; a++) {
      for (let i = 0; i < LIMIT; i++) expect(await signIn(victim.email, "wrong guess", `10.1.0.${a}`)).toContain("error=CredentialsSignin");
    }
    // Each guessing address is out of attempts on this account, even with the right password...
    expect(await signIn(victim.email, victim.password, "10.1.0.1")).toContain("code=rate_limited");
    // ...but the owner, from their own address, gets in (slowed down, not locked out).
    const started = Date.now();
    const owner = await signIn(victim.email, victim.password, "192.0.2.50");
    expect(owner).not.toContain("error");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("limits one address across accounts, without touching other addresses", async () => {
    const sprayed = await Promise.all(Array.from({ length: LIMIT * 4 }, (_, i) => makeUser(`Sprayed ${i}`)));
    for (const user of sprayed) expect(await signIn(user.email, "Winter2026!", "10.2.0.1")).toContain("error=CredentialsSignin");
    const colleague = await makeUser("Colin Colleague");
    // The spraying address is out of attempts for every account, even a right password's...
    expect(await signIn(colleague.email, colleague.password, "10.2.0.1")).toContain("code=rate_limited");
    // ...while the same account from another address is unaffected.
    expect(await signIn(colleague.email, colleague.password, "10.2.0.2")).not.toContain("error");
  });
});
