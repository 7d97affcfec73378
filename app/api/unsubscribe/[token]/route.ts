import { NextResponse } from "next/server";
import { findUserById } from "@/db/queries/users";
import { unsubscribeFromNotificationMail } from "@/lib/commands/notification-settings";
import { NOTIFICATION_KIND_WORDS } from "@/lib/mail/templates";
import { verifyUnsubscribeToken } from "@/lib/mail/unsubscribe";

type Params = { params: Promise<{ token: string }> };

/**
 * RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` here, without
 * cookies or an Origin. The token in the address is the credential and can only turn
 * notification e-mail off: one kind, or all.
 */
export async function POST(_request: Request, { params }: Params): Promise<Response> {
  const verified = verifyUnsubscribeToken((await params).token);
  if (!verified || !(await findUserById(verified.userId)))
    return NextResponse.json({ error: { code: "not_found", message: "This unsubscribe link is not valid" } }, { status: 404 });
  await unsubscribeFromNotificationMail(verified.userId, verified.kind);
  const what = verified.kind ? `e-mails about ${NOTIFICATION_KIND_WORDS[verified.kind]}` : "notification e-mails";
  return NextResponse.json({ ok: true, message: `You will get no more ${what} from Opinio.` });
}

/** A person who opens the address in a browser gets the page that asks first. */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return NextResponse.redirect(new URL(`/unsubscribe/${encodeURIComponent((await params).token)}`, request.url), 303);
}
