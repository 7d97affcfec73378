import Link from "next/link";
import { Avatar } from "@/components/avatar";
import { Input, Select } from "@/components/ui/form";
import { LocalTime } from "@/components/ui/local-time";
import { listAuditEvents } from "@/db/queries/audit";
import { listPages } from "@/db/queries/pages";
import { listMembers } from "@/db/queries/wikis";
import type { AuditEvent } from "@/db/schema";
import { AUDIT_CATEGORIES } from "@/lib/audit/actions";
import { describeAuditEvent } from "@/lib/audit/describe";
import { AUDIT_PAGE_SIZE, parseAuditQuery, toAuditFilter } from "@/lib/audit/filters";
import { requireSessionUser } from "@/lib/auth/current-user";
import { loadWikiForRender, pageUrl } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit log" };

type SearchParams = Record<string, string | string[] | undefined>;

// Seconds matter in an audit trail, unlike in the rest of the UI's times.

/** The filters as they were typed, to refill the form and to carry over to "Older" and the CSV. */
function formValues(params: SearchParams) {
  const value = (name: string) => {
    const v = params[name];
    return (Array.isArray(v) ? v[0] : v) ?? "";
  };
  return { person: value("person"), action: value("action"), from: value("from"), to: value("to") };
}

function queryString(values: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== "") query.set(key, String(value));
  const text = query.toString();
  return text ? `?${text}` : "";
}

export default async function AuditLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ wiki: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { wiki: wikiSlug } = await params;
  const raw = await searchParams;
  const user = await requireSessionUser(`/w/${wikiSlug}/audit`);
  const { wiki } = await loadWikiForRender(wikiSlug, user, "wiki.read-audit");
  const values = formValues(raw);
  const parsed = parseAuditQuery(raw);
  const rows = parsed.ok ? await listAuditEvents(wiki.id, toAuditFilter(parsed.query), AUDIT_PAGE_SIZE + 1) : [];
  const events = rows.slice(0, AUDIT_PAGE_SIZE);
  const olderThan = rows.length > AUDIT_PAGE_SIZE ? events.at(-1)!.id : null;
  const members = await listMembers(wiki.id);
  // Targets link to their page while it is live; deleted or unknown pages stay plain text.
  const livePages = new Map((await listPages(wiki.id)).map((p) => [p.id, p.slug]));
  const filtered = Object.values(values).some(Boolean);

  return (
    <main className="mx-auto max-w-6xl space-y-6 px-4 py-6 sm:px-8 sm:py-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="font-serif text-2xl font-semibold">Audit log</h1>
          <p className="text-sm text-stone-600">Who did what in {wiki.name}, and when. Entries cannot be changed or deleted.</p>
          <p className="text-xs text-stone-500">
            Times are in your time zone; the From and To dates are whole days in UTC. Sign-ins and API tokens are shown for current members,
            from when they joined.
          </p>
        </div>
        <a
          href={`/api/v1/wikis/${encodeURIComponent(wiki.id)}/audit${queryString({ ...values, format: "csv" })}`}
          className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm font-medium hover:bg-stone-50"
          download
        >
          Download CSV
        </a>
      </div>

      <form className="flex flex-wrap items-end gap-2 text-sm" aria-label="Filter the audit log">
        <label className="space-y-1">
          <span className="block text-xs font-medium text-stone-600">Person</span>
          <Select name="person" defaultValue={values.person}>
            <option value="">Everyone</option>
            {members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </Select>
        </label>
        <label className="space-y-1">
          <span className="block text-xs font-medium text-stone-600">Kind of action</span>
          <Select name="action" defaultValue={values.action}>
            <option value="">All actions</option>
            {AUDIT_CATEGORIES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </Select>
        </label>
        <label className="space-y-1">
          <span className="block text-xs font-medium text-stone-600">From</span>
          <Input type="date" name="from" defaultValue={values.from} className="w-auto" />
        </label>
        <label className="space-y-1">
          <span className="block text-xs font-medium text-stone-600">To</span>
          <Input type="date" name="to" defaultValue={values.to} className="w-auto" />
        </label>
        <button type="submit" className="rounded-md border border-stone-300 bg-white px-3 py-2 hover:bg-stone-50">
          Filter
        </button>
        {filtered ? (
          <Link href={`/w/${wiki.slug}/audit`} className="px-2 py-2 text-stone-600 underline">
            Clear
          </Link>
        ) : null}
      </form>

      {!parsed.ok ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {parsed.error}
        </p>
      ) : events.length === 0 ? (
        <p className="text-stone-600">{filtered || raw.before ? "No entries match." : "Nothing recorded yet."}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-stone-200 bg-stone-50 text-xs uppercase tracking-wide text-stone-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-semibold">
                  When
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  Who
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  What
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  Target
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  Details
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {events.map((event) => (
                <AuditRow key={event.id} event={event} wikiSlug={wiki.slug} livePages={livePages} />
              ))}
            </tbody>
          </table>
        </div>
      )}

      <nav className="flex gap-4 text-sm" aria-label="Audit log pages">
        {raw.before ? (
          <Link href={`/w/${wiki.slug}/audit${queryString(values)}`} className="text-orange-900 underline">
            Newest
          </Link>
        ) : null}
        {olderThan ? (
          <Link
            href={`/w/${wiki.slug}/audit${queryString({ ...values, before: olderThan })}`}
            className="text-orange-900 underline"
            rel="next"
          >
            Older
          </Link>
        ) : null}
      </nav>
    </main>
  );
}

function AuditRow({ event, wikiSlug, livePages }: { event: AuditEvent; wikiSlug: string; livePages: Map<string, string> }) {
  const { label, target, details } = describeAuditEvent(event);
  const pageSlug = event.targetType === "page" && event.targetId ? livePages.get(event.targetId) : undefined;
  return (
    <tr className="align-top" data-testid="audit-row" data-action={event.action}>
      <td className="whitespace-nowrap px-4 py-2 text-stone-600">
        <time dateTime={event.at.toISOString()}>
          <LocalTime date={event.at} format="date" />
          <LocalTime date={event.at} format="time" className="block text-xs text-stone-500" />
        </time>
      </td>
      <td className="px-4 py-2">
        <span className="flex items-center gap-2">
          {event.actorId ? <Avatar userId={event.actorId} name={event.actorName ?? "?"} size={22} /> : null}
          <span>
            <span className="whitespace-nowrap font-medium">{event.actorName ?? (event.actorId ? "Deleted account" : "Opinio")}</span>
            {event.ip ? <span className="block text-xs text-stone-500">{event.ip}</span> : null}
          </span>
        </span>
      </td>
      <td className="whitespace-nowrap px-4 py-2">{label}</td>
      <td className="px-4 py-2">
        {pageSlug ? (
          <Link href={pageUrl(wikiSlug, pageSlug)} className="hover:underline">
            {target}
          </Link>
        ) : (
          target
        )}
      </td>
      <td className="px-4 py-2 text-stone-600">{details}</td>
    </tr>
  );
}
