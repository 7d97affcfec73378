/** `@name` tokens in a comment: letters, digits, dots, hyphens and underscores after an @. */
export function mentionTokens(body: string): string[] {
  return [...body.matchAll(/(?:^|[^\w@])@([\p{L}\p{N}._-]{2,64})/gu)].map((m) => m[1].toLowerCase().replace(/[.]+$/, ""));
}

const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

/**
 * Members a comment mentions. A token matches a member whose name without spaces starts with it
 * ("@ada" or "@adalovelace" → Ada Lovelace) or whose e-mail's local part equals it; a token that
 * matches several members mentions none of them rather than guessing.
 */
export function resolveMentions(body: string, members: { userId: string; name: string; email: string }[]): string[] {
  const ids = new Set<string>();
  for (const token of mentionTokens(body)) {
    const key = squash(token);
    if (!key) continue;
    const exact = members.filter((m) => squash(m.name) === key || m.email.split("@")[0].toLowerCase() === token);
    // An exact first name wins over longer names that merely start with it ("@ada": Ada, not Adam).
    const firstName = members.filter((m) => squash(m.name.split(/\s+/)[0] ?? "") === key);
    const matches = exact.length ? exact : firstName.length ? firstName : members.filter((m) => squash(m.name).startsWith(key));
    if (matches.length === 1) ids.add(matches[0].userId);
  }
  return [...ids];
}
