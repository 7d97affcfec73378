"use client";

import { useActionState } from "react";
import {
  addMemberAction,
  changeRoleAction,
  removeMemberAction,
  resendInviteAction,
  revokeInviteAction,
} from "@/app/w/[wiki]/members/actions";
import { CopyField } from "@/components/ui/copy-button";
import { Button, Field, FormMessage, Input, Select } from "@/components/ui/form";
import { InlineConfirm } from "@/components/ui/inline-confirm";
import { LocalTime } from "@/components/ui/local-time";
import type { Role } from "@/db/schema";
import { ROLE_WORDS } from "@/lib/roles/words";

export function RoleOptions() {
  return (
    <>
      {(Object.keys(ROLE_WORDS) as Role[]).map((role) => (
        <option key={role} value={role}>
          {`${ROLE_WORDS[role].name}: ${ROLE_WORDS[role].does}`}
        </option>
      ))}
    </>
  );
}

export function AddMemberForm({ wikiId }: { wikiId: string }) {
  const [state, action, pending] = useActionState(addMemberAction.bind(null, wikiId), undefined);
  return (
    <form action={action} className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-64 flex-1">
          <Field label="E-mail address">
            <Input name="email" type="email" required placeholder="colleague@university.edu" />
          </Field>
        </div>
        <Select name="role" defaultValue="editor" aria-label="Role">
          <RoleOptions />
        </Select>
        <Button type="submit" disabled={pending}>
          Add member
        </Button>
      </div>
      <FormMessage error={state?.error} success={state?.success} />
      {state?.inviteUrl ? (
        <CopyField value={state.inviteUrl} label="Invite link" what="invite link" testId="invite-link" copyTestId="copy-invite-link" />
      ) : null}
    </form>
  );
}

export function MemberRow({
  wikiId,
  member,
  isSelf,
}: {
  wikiId: string;
  member: { userId: string; name: string; email: string; role: Role };
  isSelf: boolean;
}) {
  const [roleState, changeRole, changing] = useActionState(changeRoleAction.bind(null, wikiId, member.userId), undefined);
  const [removeState, remove, removing] = useActionState(removeMemberAction.bind(null, wikiId, member.userId), undefined);
  return (
    <li className="flex flex-wrap items-center gap-3 px-4 py-3" data-testid="member-row">
      <div className="min-w-0 flex-1">
        <p className="font-medium">
          {member.name} {isSelf ? <span className="text-xs text-stone-500">(you)</span> : null}
        </p>
        <p className="break-all text-sm text-stone-600">{member.email}</p>
      </div>
      <form action={changeRole} className="flex items-center gap-2">
        <Select name="role" defaultValue={member.role} aria-label={`Role of ${member.name}`}>
          <RoleOptions />
        </Select>
        <Button type="submit" variant="secondary" disabled={changing}>
          Change
        </Button>
      </form>
      <form action={remove}>
        <InlineConfirm label="Remove" question={`Remove ${member.name} from this wiki?`} testId="remove-member">
          <Button type="submit" variant="danger" disabled={removing}>
            Yes, remove
          </Button>
        </InlineConfirm>
      </form>
      <div className="w-full">
        <FormMessage error={roleState?.error ?? removeState?.error} success={roleState?.success} />
      </div>
    </li>
  );
}

/**
 * A pending invitation, for owners: its link cannot be shown again (only a hash of it is
 * kept), but it can be renewed: a new link, mailed when e-mail is on and shown to copy.
 */
export function PendingInviteRow({
  wikiId,
  invite,
  mailOn,
}: {
  wikiId: string;
  invite: { id: string; email: string; role: Role; createdAt: string; expiresAt: string };
  /** E-mail is on: renewing mails the new link. */
  mailOn: boolean;
}) {
  const [state, revoke, revoking] = useActionState(revokeInviteAction.bind(null, wikiId, invite.id), undefined);
  const [resendState, resend, resending] = useActionState(resendInviteAction.bind(null, wikiId, invite.id), undefined);
  return (
    <li className="flex flex-wrap items-center gap-3 px-4 py-3" data-testid="invite-row">
      <div className="min-w-0 flex-1">
        <p className="break-all font-medium">{invite.email}</p>
        <p className="text-sm text-stone-600">
          Invited as {invite.role} on <LocalTime date={invite.createdAt} format="date" />, link valid until{" "}
          <LocalTime date={invite.expiresAt} format="date" />
        </p>
      </div>
      <form action={resend}>
        <Button type="submit" variant="secondary" disabled={resending} data-testid="resend-invite">
          {mailOn ? "Re-send" : "New link"}
        </Button>
      </form>
      <form action={revoke}>
        <InlineConfirm
          label="Revoke"
          question={`Revoke the invitation for ${invite.email}? Its link will stop working.`}
          testId="revoke-invite"
        >
          <Button type="submit" variant="danger" disabled={revoking}>
            Yes, revoke
          </Button>
        </InlineConfirm>
      </form>
      <div className="w-full empty:hidden">
        <FormMessage error={state?.error ?? resendState?.error} success={resendState?.success} />
        {resendState?.inviteUrl ? (
          <CopyField
            value={resendState.inviteUrl}
            label="New invite link"
            what="invite link"
            testId="renewed-invite-link"
            copyTestId="copy-renewed-invite-link"
            className="mt-2"
          />
        ) : null}
      </div>
    </li>
  );
}
