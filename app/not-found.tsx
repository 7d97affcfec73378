import Link from "next/link";
import { AppHeader } from "@/components/app-header";
import { BackLink } from "@/components/ui/back-link";
import { getSessionUser } from "@/lib/auth/current-user";

export const metadata = { title: "Not found" };

/**
 * Every 404: an address that does not exist, and a wiki or page the reader is not a member of.
 * The two must read alike, so that nobody learns from this page that a wiki exists (see
 * lib/wikis/access.ts); the text names both possibilities and says what to do about the second.
 */
export default async function NotFound() {
  const user = await getSessionUser();
  return (
    <>
      {user ? (
        <AppHeader user={user} />
      ) : (
        <header className="flex h-12 items-center gap-4 border-b border-stone-200 bg-white/80 px-4">
          <Link href="/" className="font-serif text-xl font-semibold text-orange-950">
            Opinio
          </Link>
        </header>
      )}
      <main className="mx-auto max-w-xl space-y-4 px-6 py-16" data-testid="not-found">
        <p className="text-sm font-medium uppercase tracking-wide text-stone-500">404</p>
        <h1 className="font-serif text-2xl font-semibold">There is nothing here for you</h1>
        <p className="text-stone-700">
          This page does not exist, or it belongs to a wiki you are not a member of. If a colleague sent you the link, ask the wiki&rsquo;s
          owner for an invitation: Opinio does not show anyone else&rsquo;s wikis, not even their names.
        </p>
        {user ? null : <p className="text-stone-700">If you have an account, signing in may be all it takes.</p>}
        <nav aria-label="Ways on" className="flex flex-wrap gap-4 pt-2 text-sm">
          <Link href="/" className="font-medium text-orange-900 underline">
            {user ? "Your wikis" : "Home"}
          </Link>
          {user ? null : (
            <Link href="/signin" className="font-medium text-orange-900 underline">
              Sign in
            </Link>
          )}
          <BackLink className="text-stone-700 underline" />
        </nav>
      </main>
    </>
  );
}
