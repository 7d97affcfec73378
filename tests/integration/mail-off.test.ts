import { describe, expect, it } from "vitest";
import { makeUser, makeWikiWithMembers } from "../helpers/fixtures";
import { sessionCookie } from "../helpers/session-cookie";
import { withServer } from "../helpers/with-server";

/**
 * Without SMTP_URL Opinio sends no e-mail and says so where someone would expect one (issue 18):
 * inviting on Members, notification settings, and the forgotten-password page.
 */
const server = withServer();

describe("with e-mail off", () => {
  it("Members, Settings and the password reset page say that e-mail is off, and what happens instead", async () => {
    const owner = await makeUser("Mona Mailless");
    const { wiki } = await makeWikiWithMembers(owner);
    const cookie = await sessionCookie(owner);
    const page = async (path: string, headers: Record<string, string> = { cookie }) =>
      (await fetch(`${server.url}${path}`, { headers })).text();

    expect(await page(`/w/${wiki.slug}/members`)).toContain("E-mail is off on this server: someone without an account gets an invite link");
    expect(await page("/settings")).toContain(
      "E-mail is off on this server: mentions, replies, suggestions and decisions show in your Inbox only.",
    );
    expect(await page("/password-reset", {})).toContain("E-mail is off on this server, so a reset link cannot be sent.");
  });
});
