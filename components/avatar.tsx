import { userColor } from "@/lib/users/color";

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase();
}

/** A round avatar with initials, in the user's server-assigned colour. */
export function Avatar({ userId, name, color, size = 28 }: { userId: string; name: string; color?: string; size?: number }) {
  return (
    <span
      title={name}
      aria-label={name}
      className="inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white ring-2 ring-white"
      style={{ width: size, height: size, fontSize: size * 0.4, background: color ?? userColor(userId) }}
    >
      {initials(name)}
    </span>
  );
}
