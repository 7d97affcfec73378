import Link from "next/link";
import { notFound } from "next/navigation";
import { Avatar } from "@/components/avatar";
import { findUsersByIds } from "@/db/queries/users";
import { requireSessionUser } from "@/lib/auth/current-user";
import { attributeBlocks } from "@/lib/history/attribution";
import type { DocBlock } from "@/lib/history/blocks";
import { formatWhen } from "@/lib/history/present";
import { readPageContent } from "@/lib/pages/content";
import { loadWikiForRender, lookupPage, pageUrl } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Who wrote this" };

function BlockText({ block }: { block: DocBlock }) {
  if (block.kind === "heading") return <p className={`font-semibold ${block.level === 2 ? "text-lg" : ""}`}>{block.text}</p>;
  if (block.kind === "listItem") return <p style={{ paddingLeft: `${(block.depth ?? 0) * 1.2}rem` }}>• {block.text}</p>;
  if (block.kind === "tableCell")
    return (
      <p>
        <span className="mr-2 text-xs text-stone-500">{block.path}</span>
        {block.text}
      </p>
    );
  if (block.kind === "codeBlock") return <pre className="whitespace-pre-wrap font-mono text-sm">{block.text}</pre>;
  if (block.kind === "rule") return <hr className="my-2 border-stone-300" />;
  return <p className={block.quoted ? "border-l-2 border-stone-300 pl-3 italic" : ""}>{block.text}</p>;
}

export default async function AttributionPage({ params }: { params: Promise<{ wiki: string; page: string }> }) {
  const { wiki: wikiSlug, page: pageSlug } = await params;
  const user = await requireSessionUser(`/w/${wikiSlug}/${pageSlug}/attribution`);
  const { wiki } = loadWikiForRender(wikiSlug, user, "page.read-history");
  const found = lookupPage(wiki.id, decodeURIComponent(pageSlug));
  if (found.kind !== "page") notFound();
  const { page } = found;
  const base = pageUrl(wiki.slug, page.slug);
  const rows = attributeBlocks(page.id, readPageContent(page.id).json);
  const people = new Map(findUsersByIds([...new Set(rows.flatMap((r) => r.userIds))]).map((u) => [u.id, u]));
  return (
    <main className="mx-auto max-w-4xl space-y-5 px-8 py-8">
      <div>
        <Link href={base} className="text-sm text-stone-600 hover:underline">
          ← {page.title}
        </Link>
        <h1 className="mt-1 font-serif text-2xl font-semibold">Who wrote this</h1>
        <p className="text-sm text-stone-600">Each block with the version that last changed it and who contributed to that version.</p>
      </div>
      <table className="w-full border-collapse">
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className="border-b border-stone-100 align-top" data-testid="attribution-row">
              <td className="w-56 py-2 pr-4 text-xs text-stone-600">
                <span className="mb-1 flex -space-x-1">
                  {row.userIds.map((id) => (people.has(id) ? <Avatar key={id} userId={id} name={people.get(id)!.name} size={20} /> : null))}
                </span>
                {row.version ? (
                  <Link href={`${base}/history/${row.version}`} className="hover:underline">
                    {row.userIds.map((id) => people.get(id)?.name).filter(Boolean).join(", ") || "unknown"} · v{row.version}
                    <br />
                    {formatWhen(row.at!)}
                  </Link>
                ) : (
                  <span>Not yet in a version</span>
                )}
              </td>
              <td className="py-2 font-serif">
                <BlockText block={row.block} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
