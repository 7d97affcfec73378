import type { ReactNode } from "react";
import { isSafeHref } from "@/lib/editor/safe-href";

/**
 * Markdown-lite for comment bodies: **bold**, *italic*, [text](url), bare http(s) links, @mentions
 * and line breaks — nothing else. It builds React nodes, never HTML strings, so whatever a comment
 * contains (tags, scripts, entities) is shown as text; a link whose address is not safe
 * (javascript:, data:, …) stays plain text.
 */

// One alternative per construct, tried left to right at each position.
//   1 [text](url)   3 **bold**   4 *italic*   5 bare URL   6 @mention (the pattern of lib/comments/mentions.ts)
const INLINE =
  /\[([^\]\n]+)\]\(([^()\s]+)\)|\*\*(?=\S)(.+?\S)\*\*|\*(?=[^\s*])((?:[^*\n]*[^\s*])?)\*|(https?:\/\/[^\s<>]*[^\s<>.,;:!?)\]'"])|(^|[^\w@])@([\p{L}\p{N}._-]{2,64})/gu;

function renderInline(text: string, key: string, depth = 0, links = true): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let n = 0;
  const push = (node: ReactNode) => out.push(node);
  for (const match of text.matchAll(INLINE)) {
    const start = match.index;
    const [whole, linkText, linkHref, bold, italic, bareUrl, mentionLead, mention] = match;
    const k = `${key}.${n++}`;
    if (mention !== undefined) {
      // The lead character is the boundary before the @; it belongs to the surrounding text.
      if (start + mentionLead.length > last) push(text.slice(last, start + mentionLead.length));
      // A sentence's full stop after a name is not part of it (as in mentionTokens).
      const name = mention.replace(/\.+$/, "");
      push(
        <span key={k} className="rounded bg-orange-100 px-0.5 font-medium text-orange-900" data-mention="">
          @{name}
        </span>,
      );
      last = start + mentionLead.length + 1 + name.length;
      continue;
    }
    if (start > last) push(text.slice(last, start));
    last = start + whole.length;
    if (linkText !== undefined) {
      // An unsafe address, or a link inside link text (no <a> in <a>), stays as typed.
      if (links && isSafeHref(linkHref)) {
        push(
          <a key={k} href={linkHref.trim()} rel="noopener noreferrer nofollow" target="_blank" className="text-orange-900 underline">
            {depth < 2 ? renderInline(linkText, k, depth + 1, false) : linkText}
          </a>,
        );
      } else {
        push(whole);
      }
    } else if (bold !== undefined) {
      push(<strong key={k}>{depth < 2 ? renderInline(bold, k, depth + 1, links) : bold}</strong>);
    } else if (italic !== undefined) {
      push(<em key={k}>{depth < 2 ? renderInline(italic, k, depth + 1, links) : italic}</em>);
    } else if (bareUrl !== undefined && !links) {
      push(whole);
    } else if (bareUrl !== undefined) {
      push(
        <a key={k} href={bareUrl} rel="noopener noreferrer nofollow" target="_blank" className="break-all text-orange-900 underline">
          {bareUrl}
        </a>,
      );
    }
  }
  if (last < text.length) push(text.slice(last));
  return out;
}

/** A comment body as React nodes (see the module comment for what is recognised). */
export function formatCommentBody(body: string): ReactNode[] {
  const lines = body.replace(/\r\n?/g, "\n").split("\n");
  const out: ReactNode[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push(<br key={`br${i}`} />);
    out.push(...renderInline(line, `l${i}`));
  });
  return out;
}

/** A comment body, rendered markdown-lite; `whitespace-pre-wrap` keeps runs of spaces. */
export function CommentBody({ body, className }: { body: string; className?: string }) {
  return <div className={`whitespace-pre-wrap break-words ${className ?? ""}`}>{formatCommentBody(body)}</div>;
}
