/**
 * `text` cut to at most `max` characters (UTF-16 code units, as `length` counts them), ending in
 * "…" when cut. The cut never splits a surrogate pair (an emoji, a rare CJK character): half of
 * one is not a character, and mail headers and screen readers would show it as garbage. Trailing
 * spaces before the ellipsis go too.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  // A high surrogate whose low half would be cut off: leave the pair out whole.
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}
