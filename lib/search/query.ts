/**
 * Turns what someone types into an FTS5 query. Every term is quoted, so punctuation in legal
 * references ("A/70/174", "13(c)", "Art. 2(4)") never reads as query syntax: FTS5 tokenizes the
 * quoted term into adjacent tokens, i.e. a phrase. "double quotes" make a phrase, a trailing *
 * a prefix, and the last term is a prefix too, so results follow as you type.
 */
export function toFtsQuery(input: string, { prefixLast = true } = {}): string | null {
  const phrases = ftsPhrases(input, { prefixLast });
  return phrases.length ? phrases.join(" ") : null;
}

/** The same query restricted to the title column: "is this a title hit?" */
export function toTitleFtsQuery(input: string, { prefixLast = true } = {}): string | null {
  const phrases = ftsPhrases(input, { prefixLast });
  return phrases.length ? phrases.map((phrase) => `title : ${phrase}`).join(" ") : null;
}

function ftsPhrases(input: string, { prefixLast }: { prefixLast: boolean }): string[] {
  // Control characters are never searchable text, and a NUL would end the query string inside
  // SQLite ("unterminated string"): they separate words like spaces do.
  input = input.replace(/[\u0000-\u001f\u007f]/g, " ");
  const parts: string[] = [];
  const pattern = /"([^"]*)"|(\S+)/g;
  const terms: { text: string; phrase: boolean }[] = [];
  for (const match of input.matchAll(pattern)) {
    if (match[1] !== undefined) {
      if (match[1].trim()) terms.push({ text: match[1].trim(), phrase: true });
    } else if (match[2]) {
      terms.push({ text: match[2], phrase: false });
    }
  }
  terms.forEach((term, i) => {
    let text = term.text;
    let prefix = false;
    if (!term.phrase && text.endsWith("*")) {
      text = text.replace(/\*+$/, "");
      prefix = true;
    }
    if (!term.phrase && prefixLast && i === terms.length - 1 && /[\p{L}\p{N}]$/u.test(text)) prefix = true;
    // Only letters and digits make tokens; a term of pure punctuation matches nothing.
    if (!/[\p{L}\p{N}]/u.test(text)) return;
    parts.push(`"${text.replace(/"/g, '""')}"${prefix ? "*" : ""}`);
  });
  return parts;
}

/** Case and accents do not matter to the index (unicode61, remove_diacritics 2); nor here. */
function fold(token: string): string {
  return token.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * The query as phrases of folded tokens, the way FTS5 reads the quoted phrases toFtsQuery makes:
 * each phrase matches consecutive tokens; in a prefix phrase the last token is a prefix.
 */
export function searchPhrases(input: string, { prefixLast = true } = {}): { tokens: string[]; prefix: boolean }[] {
  return ftsPhrases(input, { prefixLast }).map((phrase) => {
    const prefix = phrase.endsWith("*");
    const tokens = (
      phrase
        .slice(1, prefix ? -2 : -1)
        .replace(/""/g, '"')
        .match(/[\p{L}\p{N}]+/gu) ?? []
    ).map(fold);
    return { tokens, prefix };
  });
}

/**
 * Text as the PostgreSQL index stores it (db/postgres/queries/search.ts): the tokens FTS5's
 * unicode61 tokenizer would make (runs of letters and digits), folded, separated by spaces. Done
 * here rather than in SQL so that the index and the query fold the same way.
 */
export function foldForIndex(text: string): string {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).map(fold).join(" ");
}

/**
 * The query as a PostgreSQL tsquery over foldForIndex'd text: tokens of a phrase follow each other
 * (`<->`), a prefix ends in `:*`, phrases are all required (`&`), as in FTS5. Null when nothing is
 * searchable. Tokens are letters and digits only, so nothing in them reads as tsquery syntax.
 */
export function toTsQuery(input: string, { prefixLast = true } = {}): string | null {
  const phrases = searchPhrases(input, { prefixLast }).filter((phrase) => phrase.tokens.length > 0);
  if (phrases.length === 0) return null;
  return phrases
    .map(({ tokens, prefix }) => {
      const parts = tokens.map((token, i) => (prefix && i === tokens.length - 1 ? `${token}:*` : token));
      return parts.length > 1 ? `(${parts.join(" <-> ")})` : parts[0];
    })
    .join(" & ");
}

/**
 * Up to `words` words of `text` around its first match, marked as markTerms marks them, with "…"
 * where it was cut: what FTS5's snippet() gives, for the PostgreSQL index.
 */
export function snippetOf(text: string, input: string, words = 24): string {
  const marked = markTerms(text, input);
  const tokens = [...marked.matchAll(/\S+/g)];
  if (tokens.length <= words) return marked.replace(/\s+/g, " ").trim();
  const first = Math.max(
    0,
    tokens.findIndex((token) => token[0].includes("\u0002")),
  );
  const start = Math.max(0, Math.min(first - Math.floor(words / 4), tokens.length - words));
  const end = start + words;
  const body = tokens
    .slice(start, end)
    .map((token) => token[0])
    .join(" ");
  return `${start > 0 ? "…" : ""}${balanceMarks(body)}${end < tokens.length ? "…" : ""}`;
}

/** A cut through a marked phrase leaves half a mark: close (or open) it at the cut. */
function balanceMarks(text: string): string {
  const firstClose = text.indexOf("\u0003");
  const firstOpen = text.indexOf("\u0002");
  if (firstClose !== -1 && (firstOpen === -1 || firstClose < firstOpen)) text = `\u0002${text}`;
  const lastOpen = text.lastIndexOf("\u0002");
  if (lastOpen > text.lastIndexOf("\u0003")) text = `${text}\u0003`;
  return text;
}

/**
 * Marks the query's phrases in `text` with \u0002…\u0003, as FTS5's highlight() does: a phrase
 * matches consecutive words (punctuation between them is skipped, as the tokenizer does), the
 * last word of a prefix phrase matches words starting with it. For snippets FTS5 could not mark
 * (a title hit's body, see searchIndex in db/queries/search.ts).
 */
export function markTerms(text: string, input: string, { prefixLast = true } = {}): string {
  const phrases = searchPhrases(input, { prefixLast });
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length, folded: fold(m[0]) }));
  const spans: [number, number][] = [];
  for (let i = 0; i < words.length; i++) {
    for (const { tokens, prefix } of phrases) {
      if (tokens.length === 0 || i + tokens.length > words.length) continue;
      const hit = tokens.every((token, k) => {
        const word = words[i + k].folded;
        return prefix && k === tokens.length - 1 ? word.startsWith(token) : word === token;
      });
      if (hit) {
        spans.push([words[i].start, words[i + tokens.length - 1].end]);
        i += tokens.length - 1;
        break;
      }
    }
  }
  let out = "";
  let at = 0;
  for (const [start, end] of spans) {
    out += `${text.slice(at, start)}\u0002${text.slice(start, end)}\u0003`;
    at = end;
  }
  return out + text.slice(at);
}

/** Escapes text for HTML and turns the \u0002…\u0003 match markers into <mark> elements. */
export function markMatches(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return escaped.replace(/\u0002/g, "<mark>").replace(/\u0003/g, "</mark>");
}
