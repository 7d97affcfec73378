import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import { findUsableInvite } from "@/lib/commands/invites";
import { AppError } from "@/lib/errors";
import { InviteForm } from "./invite-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let found;
  try {
    found = await findUsableInvite(token);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <AuthCard title="Invitation unavailable" intro={error.message}>
        <Link href="/signin" className="text-sm underline">
          Go to sign in
        </Link>
      </AuthCard>
    );
  }
  const { invite, wiki } = found;
  return (
    <AuthCard title={`Join “${wiki.name}”`} intro={`You are invited as ${invite.role}.`}>
      <InviteForm secret={token} email={invite.email} minPassword={MIN_PASSWORD_LENGTH} />
    </AuthCard>
  );
}
