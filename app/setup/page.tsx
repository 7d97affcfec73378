import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { countUsers } from "@/db/queries/users";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/passwords";
import { SetupForm } from "./setup-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up" };

export default async function SetupPage() {
  if ((await countUsers()) > 0) redirect("/signin");
  return (
    <AuthCard title="Set up your Opinio" intro="Create the first account. It will own the wikis you create, starting with the demo wiki.">
      <SetupForm minPassword={MIN_PASSWORD_LENGTH} />
    </AuthCard>
  );
}
