import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { mailEnabled } from "@/lib/env";
import { RequestResetForm } from "./password-reset-forms";

export const dynamic = "force-dynamic";
export const metadata = { title: "Forgot your password?" };

export default function PasswordResetPage() {
  if (!mailEnabled()) {
    return (
      <AuthCard
        title="Forgot your password?"
        intro="E-mail is off on this server, so a reset link cannot be sent. Ask the person who runs Opinio to set a new password for you (npm run opinio -- user reset-password)."
      >
        <Link href="/signin" className="text-sm underline">
          Back to sign in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Forgot your password?" intro="Give the e-mail address of your account: we send a link to choose a new password.">
      <RequestResetForm />
      <p className="mt-4 text-sm">
        <Link href="/signin" className="underline">
          Back to sign in
        </Link>
      </p>
    </AuthCard>
  );
}
