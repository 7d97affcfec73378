import Link from "next/link";
import { Avatar } from "@/components/avatar";
import { LocalTime } from "@/components/ui/local-time";
import type { VersionSummary } from "@/lib/history/present";

/** Versions newest first, with a pair of radio columns to pick what to compare. */
export function VersionList({ versions, basePath }: { versions: VersionSummary[]; basePath: string }) {
  if (versions.length === 0)
    return (
      <p className="text-stone-600">
        No versions yet. One is recorded when editing goes quiet, when the last editor leaves, or with “Save version”.
      </p>
    );
  return (
    // Keyed by the list, so the default From/To choice is re-applied when versions are added.
    <form key={versions.map((v) => v.number).join(",")} action={`${basePath}/compare`} className="space-y-3">
      <table className="w-full border-collapse text-sm">
        <thead>
          <tr className="border-b border-stone-200 text-left text-xs uppercase tracking-wide text-stone-500">
            <th className="py-2 pr-2">From</th>
            <th className="py-2 pr-3">To</th>
            <th className="py-2 pr-3">Version</th>
            <th className="py-2 pr-3">When</th>
            <th className="py-2 pr-3">Who</th>
            <th className="py-2 pr-3">Change</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v, i) => (
            <tr key={v.number} className="border-b border-stone-100 align-top" data-testid="version-row">
              <td className="py-2 pr-2">
                <input
                  type="radio"
                  name="from"
                  value={v.number}
                  defaultChecked={i === 1 || (versions.length === 1 && i === 0)}
                  aria-label={`Compare from version ${v.number}`}
                />
              </td>
              <td className="py-2 pr-3">
                <input type="radio" name="to" value={v.number} defaultChecked={i === 0} aria-label={`Compare to version ${v.number}`} />
              </td>
              <td className="py-2 pr-3">
                <Link href={`${basePath}/history/${v.number}`} className="font-medium text-orange-900 hover:underline">
                  v{v.number}
                </Link>
                {v.name ? (
                  <span className="ml-2 font-medium">{v.name}</span>
                ) : v.number === 1 ? (
                  <span className="ml-2 text-stone-600">Page created</span>
                ) : null}
                {v.kind === "auto" ? null : (
                  <span className="ml-2 rounded bg-stone-100 px-1.5 text-xs text-stone-600">
                    {v.kind === "restore" ? "restore" : "named"}
                  </span>
                )}
                {v.note ? <p className="text-stone-600">{v.note}</p> : null}
              </td>
              <td className="whitespace-nowrap py-2 pr-3 text-stone-600">
                <LocalTime date={v.createdAt} />
              </td>
              <td className="py-2 pr-3">
                <span className="flex -space-x-1">
                  {v.contributors.map((c) => (
                    <Avatar key={c.id} userId={c.id} name={c.name} size={22} />
                  ))}
                </span>
              </td>
              <td className="whitespace-nowrap py-2 pr-3">
                <span className="text-green-700">+{v.wordsAdded}</span> <span className="text-red-700">−{v.wordsRemoved}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex items-center gap-3">
        <button type="submit" className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm font-medium hover:bg-stone-50">
          Compare selected versions
        </button>
        {/* Not named "to": the checked "to" radio would be sent as well, and the query would hold both. */}
        <button type="submit" name="toCurrent" value="1" className="text-sm text-stone-600 underline">
          Compare “from” with the current page
        </button>
      </div>
    </form>
  );
}
