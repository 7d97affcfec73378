import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CommentBody } from "./format";

const html = (body: string) => renderToStaticMarkup(createElement(CommentBody, { body }));
/** The markup inside the wrapper div. */
const inner = (body: string) => html(body).replace(/^<div[^>]*>|<\/div>$/g, "");

describe("comment markdown-lite", () => {
  it("shows HTML and scripts as text", () => {
    const out = html(`<script>alert("x")</script><img src=x onerror=alert(1)>`);
    expect(out).not.toContain("<script");
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(out).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("does not make links of unsafe addresses", () => {
    for (const body of [
      "[click](javascript:alert)",
      "[click](javascript:alert(1))",
      "[x](data:text/html,hi)",
      "[x](JaVaScRiPt:void)",
      "[x]( javascript:void)",
    ]) {
      const out = html(body);
      expect(out, body).not.toContain("<a");
      expect(out, body).not.toMatch(/href=/);
    }
    expect(html("javascript:alert(1)")).not.toContain("<a");
  });

  it("links http, https and mailto addresses, with safe attributes", () => {
    expect(inner("see [the case](https://example.org/a?b=1&c=2)")).toBe(
      'see <a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" target="_blank" class="text-orange-900 underline">the case</a>',
    );
    expect(inner("[me](mailto:a@example.org)")).toContain('href="mailto:a@example.org"');
    expect(inner("at http://example.org/x.")).toContain('<a href="http://example.org/x" ');
    expect(inner("at http://example.org/x.")).toMatch(/<\/a>\.$/);
  });

  it("renders bold, italic and nesting", () => {
    expect(inner("**bold** and *italic*")).toBe("<strong>bold</strong> and <em>italic</em>");
    expect(inner("**very *much* so**")).toBe("<strong>very <em>much</em> so</strong>");
    expect(inner("[**strong** link](https://e.org)")).toContain("><strong>strong</strong> link</a>");
    // Lone asterisks and arithmetic stay as typed.
    expect(inner("2 * 3 * 4")).toBe("2 * 3 * 4");
    expect(inner("a ** b")).toBe("a ** b");
  });

  it("does not nest a link inside a link", () => {
    const out = inner("[see https://e.org/x](https://e.org/y)");
    expect(out.match(/<a /g)).toHaveLength(1);
  });

  it("highlights @mentions but not e-mail addresses", () => {
    expect(inner("thanks @ada.")).toBe(
      'thanks <span class="rounded bg-orange-100 px-0.5 font-medium text-orange-900" data-mention="">@ada</span>.',
    );
    expect(inner("@Zoë, look")).toContain(">@Zoë</span>, look");
    expect(inner("write to ada@example.org")).not.toContain("data-mention");
  });

  it("keeps line breaks", () => {
    expect(inner("one\ntwo\r\nthree")).toBe("one<br/>two<br/>three");
  });
});
