import { AddMemberForm, MemberRow, PendingInviteRow } from "@/components/members/member-forms";
import { LocalTime } from "@/components/ui/local-time";
import { listFailedOutboxMail } from "@/db/queries/mail-outbox";
import { listMembers, listPendingInvites } from "@/db/queries/wikis";
import { requireSessionUser } from "@/lib/auth/current-user";
import { mailEnabled } from "@/lib/env";
import { can } from "@/lib/policies";
import { loadWikiForRender } from "@/lib/wikis/access";

export const dynamic = "force-dynamic";
export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ wiki: string }> }) {
  const { wiki: wikiSlug } = await params;
  const user = await requireSessionUser(`/w/${wikiSlug}/members`);
  const { wiki, role } = await loadWikiForRender(wikiSlug, user);
  const manage = can(role, "wiki.manage-members");
  const members = await listMembers(wiki.id);
  const invites = manage ? await listPendingInvites(wiki.id) : [];
  const mailOn = mailEnabled();
  const undelivered = manage && mailOn ? await listFailedOutboxMail(wiki.id, 10) : [];
  return (
    <main className="mx-auto max-w-3xl space-y-8 px-8 py-8">
      <div>
        <h1 className="font-serif text-2xl font-semibold">Members</h1>
        <p className="text-sm text-stone-600">Who can read, comment on and edit {wiki.name}.</p>
      </div>
      {manage ? (
        <section className="rounded-lg border border-stone-200 bg-white p-4">
          <AddMemberForm wikiId={wiki.id} />
          {mailOn ? null : (
            <p className="mt-2 text-sm text-stone-600" data-testid="mail-off">
              E-mail is off on this server: someone without an account gets an invite link that you pass on yourself.
            </p>
          )}
        </section>
      ) : null}
      <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
        {members.map((m) =>
          manage ? (
            <MemberRow key={m.userId} wikiId={wiki.id} member={m} isSelf={m.userId === user.id} />
          ) : (
            <li key={m.userId} className="flex items-center justify-between px-4 py-3" data-testid="member-row">
              <span>
                <span className="font-medium">{m.name}</span> <span className="text-sm text-stone-600">{m.email}</span>
              </span>
              <span className="text-xs uppercase tracking-wide text-stone-500">{m.role}</span>
            </li>
          ),
        )}
      </ul>
      {invites.length > 0 ? (
        <section aria-labelledby="pending-invitations">
          <h2 id="pending-invitations" className="mb-1 font-semibold">
            Pending invitations
          </h2>
          <p className="mb-2 text-sm text-stone-600">
            {mailOn
              ? "A link is shown only once, when it is made. Re-send mails the person a new link (the earlier one stops working)."
              : "A link is shown only once, when it is made. If one was lost, make a new link (the earlier one stops working)."}
          </p>
          <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
            {invites.map((i) => (
              <PendingInviteRow
                key={i.id}
                wikiId={wiki.id}
                mailOn={mailOn}
                invite={{
                  id: i.id,
                  email: i.email,
                  role: i.role,
                  createdAt: i.createdAt.toISOString(),
                  expiresAt: i.expiresAt.toISOString(),
                }}
              />
            ))}
          </ul>
        </section>
      ) : null}
      {undelivered.length > 0 ? (
        <section aria-labelledby="undelivered-mail">
          <h2 id="undelivered-mail" className="mb-1 font-semibold">
            E-mails that could not be delivered
          </h2>
          <ul className="divide-y divide-stone-200 rounded-lg border border-amber-300 bg-amber-50 text-sm" data-testid="undelivered-mail">
            {undelivered.map((m) => (
              <li key={m.id} className="px-4 py-2">
                <span className="break-all font-medium">{m.recipient}</span>: {m.subject}
                <span className="block text-stone-600">
                  Given up <LocalTime date={(m.failedAt ?? m.createdAt).toISOString()} format="date" /> after {m.attempts} attempt
                  {m.attempts === 1 ? "" : "s"}: {m.lastError}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
