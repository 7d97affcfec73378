import { AuthCard } from "@/components/auth-card";
import { NOTIFICATION_KIND_WORDS } from "@/lib/mail/templates";
import { verifyUnsubscribeToken } from "@/lib/mail/unsubscribe";
import { UnsubscribeForm } from "../unsubscribe-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Stop notification e-mails" };

/** Asks before it unsubscribes: link checkers in mail systems open addresses without anyone clicking. */
export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  // Read only to say what the link stops; the form's action checks the token again before acting.
  const kind = verifyUnsubscribeToken(token)?.kind ?? null;
  return kind ? (
    <AuthCard
      title={`Stop e-mails about ${NOTIFICATION_KIND_WORDS[kind]}?`}
      intro="They will then only show in your Inbox; other notification e-mails stay as they are. You can turn these e-mails back on in Settings."
    >
      <UnsubscribeForm token={token} label="Stop these e-mails" />
    </AuthCard>
  ) : (
    <AuthCard
      title="Stop notification e-mails?"
      intro="Mentions, replies, suggestions and decisions will then only show in your Inbox. You can turn e-mails back on in Settings."
    >
      <UnsubscribeForm token={token} label="Stop notification e-mails" />
    </AuthCard>
  );
}
