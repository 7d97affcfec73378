/**
 * Stored-XSS payloads for tests/e2e/xss.spec.ts. Every one, if it ever ran, would call alert(),
 * which the spec replaces with a recorder (and also watches for dialogs). Written for this
 * project from the well-known families: dangerous URL schemes with case, entity, whitespace and
 * control-character disguises; tags and event-handler attributes; SVG and MathML; strings that
 * change meaning when a sanitizer's output is parsed again (mutation XSS).
 */

/** Link targets that must never become clickable script. */
export const DANGEROUS_HREFS = [
  "javascript:alert('href-1')",
  "JaVaScRiPt:alert('href-2')",
  " javascript:alert('href-3')",
  "java\tscript:alert('href-4')",
  "java\nscript:alert('href-5')",
  "\u0001javascript:alert('href-6')",
  "javascript&colon;alert('href-7')",
  "&#106;avascript:alert('href-8')",
  "&#x6A;&#x61;vascript:alert('href-9')",
  "javascript://%0aalert('href-10')",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgnaHJlZi0xMScpPC9zY3JpcHQ+",
  "DATA:text/html,<script>alert('href-12')</script>",
  "vbscript:msgbox('href-13')",
  "\u0000javascript:alert('href-14')",
];

/**
 * The link targets that can travel in a request: the API refuses U+0000 with a 400
 * (lib/validations/nul.ts), so the NUL-disguised one goes in through Yjs and pasted HTML only.
 */
export const REQUEST_HREFS = DANGEROUS_HREFS.filter((href) => !href.includes("\u0000"));

/** HTML fragments: tags, handlers, SVG/MathML and mutation-XSS shapes. */
export const HTML_PAYLOADS = [
  "<script>alert('html-1')</script>",
  "<img src=x onerror=alert('html-2')>",
  "<svg onload=alert('html-3')>",
  "<svg><script>alert('html-4')</script></svg>",
  "<svg><a xlink:href=\"javascript:alert('html-5')\"><text x=20 y=20>svg link</text></a></svg>",
  "<iframe src=\"javascript:alert('html-6')\"></iframe>",
  "<object data=\"javascript:alert('html-7')\"></object>",
  "<embed src=\"javascript:alert('html-8')\">",
  "<details open ontoggle=alert('html-9')>x</details>",
  "<input autofocus onfocus=alert('html-10')>",
  "<body onload=alert('html-11')>",
  "\"><img src=x onerror=alert('html-12')>",
  "'><svg/onload=alert('html-13')>",
  "</textarea><script>alert('html-14')</script>",
  "<form><button formaction=\"javascript:alert('html-15')\">go</button></form>",
  "<base href=\"javascript:alert('html-16')//\">",
  '<meta http-equiv="refresh" content="0;url=javascript:alert(\'html-17\')">',
  "<math><mtext><table><mglyph><style><img src=x onerror=alert('html-18')>",
  "<noscript><p title=\"</noscript><img src=x onerror=alert('html-19')>\"></p></noscript>",
  "<svg></p><style><a id=\"</style><img src=1 onerror=alert('html-20')>\">",
  "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert('html-21')>",
  "<a href=\"javascript:alert('html-22')\">plain link</a>",
  "<p onclick=\"alert('html-23')\" style=\"background:url(javascript:alert('html-24'))\">styled</p>",
  '<img src="x" onerror="&#97;&#108;&#101;&#114;&#116;(\'html-25\')">',
  "<scr<script>ipt>alert('html-26')</scr</script>ipt>",
  "{{constructor.constructor('alert(\"html-27\")')()}}",
];

/** Short payloads for single-line fields (names, titles, comments). */
export const TEXT_PAYLOADS = [
  "<img src=x onerror=alert('text-1')>",
  "\"><svg onload=alert('text-2')>",
  "</script><script>alert('text-3')</script>",
  "javascript:alert('text-4')",
];

/** Every link target as a Markdown link, an image and an autolink, plus raw HTML lines. */
export function markdownPayload(): string {
  const links = REQUEST_HREFS.map(
    (href, i) =>
      `[md link ${i}](${href.replace(/[\s()]/g, "")}) and ![img ${i}](${href.replace(/[\s()]/g, "")}) and <${href.replace(/[\s<>]/g, "")}>`,
  );
  return ["# Markdown payloads", ...links, ...HTML_PAYLOADS, "[ref link][r]\n\n[r]: javascript:alert('md-ref')"].join("\n\n");
}

/** Everything as pasted HTML: links with each dangerous target, then the fragments. */
export function pastedHtml(): string {
  const links = DANGEROUS_HREFS.map((href, i) => `<p><a href="${href.replace(/"/g, "&quot;")}">pasted link ${i}</a></p>`);
  return [...links, ...HTML_PAYLOADS].join("\n");
}
