import Link from "next/link";
import { redirect } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { countUsers } from "@/db/queries/users";
import { listWikisForUser } from "@/db/queries/wikis";
import { getSessionUser } from "@/lib/auth/current-user";
import { CreateWikiForm } from "./create-wiki-form";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  if ((await countUsers()) === 0) redirect("/setup");
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  const wikis = await listWikisForUser(user.id);
  return (
    <>
      <AppHeader user={user} />
      <main className="mx-auto max-w-3xl space-y-10 px-6 py-10">
        <section>
          <h1 className="font-serif text-2xl font-semibold">Your wikis</h1>
          <p className="mt-1 text-sm text-stone-600">One wiki per research question; every page is a strand of the argument.</p>
          {wikis.length === 0 ? (
            <p className="mt-6 text-stone-600">You are not a member of any wiki yet. Create one below, or ask an owner to add you.</p>
          ) : (
            <ul className="mt-6 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
              {wikis.map((wiki) => (
                <li key={wiki.id}>
                  <Link href={`/w/${wiki.slug}`} className="flex items-baseline justify-between gap-4 px-4 py-3 hover:bg-stone-50">
                    <span>
                      <span className="font-serif text-lg font-medium">{wiki.name}</span>
                      {wiki.description ? <span className="block text-sm text-stone-600">{wiki.description}</span> : null}
                    </span>
                    <span className="text-xs uppercase tracking-wide text-stone-500">{wiki.role}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="rounded-lg border border-stone-200 bg-white p-5">
          <h2 className="mb-3 font-semibold">New wiki</h2>
          <CreateWikiForm />
        </section>
      </main>
    </>
  );
}
