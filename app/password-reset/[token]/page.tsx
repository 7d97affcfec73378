import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import { findUsablePasswordReset } from "@/lib/commands/password-resets";
import { AppError } from "@/lib/errors";
import { NewPasswordForm } from "../password-reset-forms";

export const dynamic = "force-dynamic";
export const metadata = { title: "Choose a new password" };

export default async function NewPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let email: string;
  try {
    email = (await findUsablePasswordReset(token)).user.email;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <AuthCard title="Reset link unavailable" intro={error.message}>
        <Link href="/password-reset" className="text-sm underline">
          Ask for a new link
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password" intro="Setting it signs your account out everywhere else.">
      <NewPasswordForm secret={token} email={email} minPassword={MIN_PASSWORD_LENGTH} />
    </AuthCard>
  );
}
