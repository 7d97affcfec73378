import Link from "next/link";
import { signOutAction } from "@/app/actions";
import { countUnreadNotifications } from "@/db/queries/comments";
import type { User } from "@/db/schema";
import { Avatar } from "./avatar";
import { SearchBox } from "./search/search-box";

/**
 * Top bar on every signed-in screen: home, a menu button (inside a wiki: its pages, on narrow
 * screens), breadcrumb slot, search (scoped to `wiki` first, inside one), inbox with its unread
 * count, account menu.
 */
export async function AppHeader({
  user,
  wiki,
  menu,
  children,
}: {
  user: Pick<User, "id" | "name">;
  wiki?: { id: string; name: string };
  menu?: React.ReactNode;
  children?: React.ReactNode;
}) {
  const unread = await countUnreadNotifications(user.id);
  return (
    <header className="relative z-20 flex h-12 items-center gap-2 border-b border-stone-200 bg-white/80 px-3 backdrop-blur sm:gap-4 sm:px-4">
      <Link href="/" className="font-serif text-xl font-semibold text-orange-950">
        Opinio
      </Link>
      {menu}
      <div className="min-w-0 flex-1 truncate text-sm text-stone-600">{children}</div>
      <SearchBox wiki={wiki} />
      <Link
        href="/inbox"
        className="flex items-center gap-1 text-sm text-stone-600 hover:text-stone-950"
        title="Mentions of you and replies to your threads"
        data-testid="inbox-link"
      >
        Inbox
        {unread > 0 ? (
          // Named by its content, not an aria-label (whose words would not match what is shown):
          // the badge reads the number, screen readers hear "Inbox, 3 unread".
          <span className="rounded-full bg-orange-900 px-1.5 text-xs font-semibold leading-5 text-white" data-testid="inbox-unread">
            <span className="sr-only">, </span>
            {unread > 99 ? "99+" : unread}
            <span className="sr-only"> unread</span>
          </span>
        ) : null}
      </Link>
      <Link
        href="/settings"
        className="flex items-center gap-2 text-sm text-stone-700 hover:text-stone-950"
        title="Your settings and API tokens"
      >
        <Avatar userId={user.id} name={user.name} size={24} />
        <span className="hidden lg:inline">{user.name}</span>
      </Link>
      <form action={signOutAction}>
        <button type="submit" className="text-sm text-stone-500 hover:text-stone-900">
          Sign out
        </button>
      </form>
    </header>
  );
}
