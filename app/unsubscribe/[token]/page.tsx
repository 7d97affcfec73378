import { AuthCard } from "@/components/auth-card";
import { UnsubscribeForm } from "../unsubscribe-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Stop notification e-mails" };

/** Asks before it unsubscribes: link checkers in mail systems open addresses without anyone clicking. */
export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthCard
      title="Stop notification e-mails?"
      intro="Mentions and replies will then only show in your Inbox. You can turn e-mails back on in Settings."
    >
      <UnsubscribeForm token={token} />
    </AuthCard>
  );
}
