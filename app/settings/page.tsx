import { AppHeader } from "@/components/app-header";
import { LocalTime } from "@/components/ui/local-time";
import { listApiTokens } from "@/db/queries/api-tokens";
import { requireSessionUser } from "@/lib/auth/current-user";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import { readNotificationSettings } from "@/db/queries/notification-mail";
import { mailEnabled } from "@/lib/env";
import { NotificationSettingsForm } from "./notification-form";
import { PASSWORD_CHANGED_EVERYWHERE } from "./notices";
import { ChangePasswordForm } from "./password-form";
import { CreateTokenForm, RevokeTokenButton } from "./token-forms";

export const dynamic = "force-dynamic";
export const metadata = { title: "Settings" };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireSessionUser("/settings");
  const changedEverywhere = `password=${(await searchParams).password}` === PASSWORD_CHANGED_EVERYWHERE;
  const tokens = await listApiTokens(user.id);
  return (
    <>
      <AppHeader user={user}>Settings</AppHeader>
      <main className="mx-auto max-w-3xl space-y-8 px-8 py-8">
        <section>
          <h1 className="font-serif text-2xl font-semibold">{user.name}</h1>
          <p className="text-sm text-stone-600">{user.email}</p>
        </section>
        {user.passwordHash ? (
          <section className="space-y-4" aria-labelledby="password-heading">
            <div>
              <h2 id="password-heading" className="text-lg font-semibold">
                Password
              </h2>
              <p className="text-sm text-stone-600">
                Browsers already signed in stay signed in after a change, until they sign out or their session ends (30 days), unless you
                choose to sign them out.
              </p>
            </div>
            {changedEverywhere ? (
              <p
                role="status"
                className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-900"
                data-testid="password-changed-everywhere"
              >
                Password changed. Every other browser is signed out; this one stays signed in.
              </p>
            ) : null}
            <div className="rounded-lg border border-stone-200 bg-white p-4">
              <ChangePasswordForm minLength={MIN_PASSWORD_LENGTH} />
            </div>
          </section>
        ) : null}
        <section className="space-y-4" aria-labelledby="notifications-heading">
          <div>
            <h2 id="notifications-heading" className="text-lg font-semibold">
              E-mail notifications
            </h2>
            <p className="text-sm text-stone-600">
              {mailEnabled()
                ? "Mentions, replies, suggestions and decisions always show in your Inbox; choose which also reach you by e-mail. Several on one page at once come as one e-mail, and nothing you did yourself is mailed to you."
                : "E-mail is off on this server: mentions, replies, suggestions and decisions show in your Inbox only."}
            </p>
          </div>
          {mailEnabled() ? (
            <div className="rounded-lg border border-stone-200 bg-white p-4">
              <NotificationSettingsForm settings={await readNotificationSettings(user.id)} />
            </div>
          ) : null}
        </section>
        <section className="space-y-4">
          <div>
            <h2 className="text-lg font-semibold">Personal API tokens</h2>
            <p className="text-sm text-stone-600">
              A token acts as you, with your roles, for the REST API (<code>Authorization: Bearer …</code>) and for collab connections. See{" "}
              <a className="underline" href="/api/v1/openapi.json">
                the API description
              </a>
              .
            </p>
          </div>
          <div className="rounded-lg border border-stone-200 bg-white p-4">
            <CreateTokenForm />
          </div>
          <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
            {tokens.length === 0 ? <li className="px-4 py-3 text-sm text-stone-600">No tokens yet.</li> : null}
            {tokens.map((t) => (
              <li key={t.id} className="flex items-center justify-between gap-4 px-4 py-3" data-testid="token-row">
                <span>
                  <span className="font-medium">{t.name}</span>
                  <span className="block text-xs text-stone-500">
                    Created <LocalTime date={t.createdAt} /> · last used {t.lastUsedAt ? <LocalTime date={t.lastUsedAt} /> : "never"}
                    {t.revokedAt ? (
                      <>
                        {" "}
                        · revoked <LocalTime date={t.revokedAt} />
                      </>
                    ) : null}
                  </span>
                </span>
                {t.revokedAt ? <span className="text-xs uppercase text-stone-500">revoked</span> : <RevokeTokenButton tokenId={t.id} />}
              </li>
            ))}
          </ul>
        </section>
      </main>
    </>
  );
}
