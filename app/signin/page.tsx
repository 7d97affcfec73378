import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { Button } from "@/components/ui/form";
import { countUsers } from "@/db/queries/users";
import { getSessionUser } from "@/lib/auth/current-user";
import { externalProviderList } from "@/lib/auth/providers";
import { signInWithProviderAction } from "./actions";
import { SignInForm } from "./signin-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if ((await countUsers()) === 0) redirect("/setup");
  const { callbackUrl = "/" } = await searchParams;
  if (await getSessionUser()) redirect(callbackUrl.startsWith("/") ? callbackUrl : "/");
  const providers = externalProviderList();
  return (
    <AuthCard title="Sign in">
      <SignInForm callbackUrl={callbackUrl} />
      <p className="mt-3 text-sm">
        <Link href="/password-reset" className="underline" data-testid="forgot-password">
          Forgot your password?
        </Link>
      </p>
      {providers.length > 0 ? (
        <div className="mt-4 space-y-2 border-t border-stone-200 pt-4">
          {providers.map((p) => (
            <form key={p.id} action={signInWithProviderAction}>
              <input type="hidden" name="provider" value={p.id} />
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <Button type="submit" variant="secondary" className="w-full">
                Continue with {p.name}
              </Button>
            </form>
          ))}
        </div>
      ) : null}
    </AuthCard>
  );
}
