import { describe, expect, it } from "vitest";
import { headerText, renderMail } from "./render";
import { invitationMail } from "./templates";

describe("mail rendering", () => {
  it("escapes everything a user wrote in the HTML part and keeps it as typed in the text part", () => {
    const mail = invitationMail({
      inviterName: `<img src=x onerror=alert(1)> "Eve" & co`,
      wikiName: "<script>alert(1)</script>",
      role: "editor",
      url: "https://wiki.example.org/invite/inv_abc",
      expiresAt: new Date("2026-12-18T15:30:00Z"),
    });
    expect(mail.html).not.toMatch(/<img|<script/);
    expect(mail.html).toContain("&lt;img src=x onerror=alert(1)&gt; &quot;Eve&quot; &amp; co");
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail.text).toContain(`<img src=x onerror=alert(1)> "Eve" & co invited you to join the wiki “<script>alert(1)</script>”`);
    expect(mail.text).toContain("as an editor");
    expect(mail.text).toContain("https://wiki.example.org/invite/inv_abc");
    expect(mail.text).toContain("until 18 December 2026, 15:30 UTC");
    expect(mail.html).toContain('href="https://wiki.example.org/invite/inv_abc"');
  });

  it("makes header text one line", () => {
    expect(headerText("Wiki\r\nBcc: victim@example.test\n\tX-Evil: 1")).toBe("Wiki Bcc: victim@example.test X-Evil: 1");
    expect(headerText("a".repeat(300))).toHaveLength(200);
    expect(renderMail({ subject: "Hi\r\nBcc: x@y", greeting: "Hello", paragraphs: [] }).subject).toBe("Hi Bcc: x@y");
  });

  it("never puts a non-web link into a mail", () => {
    expect(() => renderMail({ subject: "s", greeting: "g", paragraphs: [], action: { label: "Go", url: "javascript:alert(1)" } })).toThrow(
      /javascript/,
    );
  });
});
