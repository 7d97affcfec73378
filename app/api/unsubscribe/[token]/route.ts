import { NextResponse } from "next/server";
import { findUserById } from "@/db/queries/users";
import { unsubscribeFromNotificationMail } from "@/lib/commands/notification-settings";
import { verifyUnsubscribeToken } from "@/lib/mail/unsubscribe";

type Params = { params: Promise<{ token: string }> };

/**
 * RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` here, without
 * cookies or an Origin. The token in the address is the credential and can only turn
 * notification e-mail off.
 */
export async function POST(_request: Request, { params }: Params): Promise<Response> {
  const userId = verifyUnsubscribeToken((await params).token);
  if (!userId || !findUserById(userId))
    return NextResponse.json({ error: { code: "not_found", message: "This unsubscribe link is not valid" } }, { status: 404 });
  unsubscribeFromNotificationMail(userId);
  return NextResponse.json({ ok: true, message: "You will get no more notification e-mails from Opinio." });
}

/** A person who opens the address in a browser gets the page that asks first. */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return NextResponse.redirect(new URL(`/unsubscribe/${encodeURIComponent((await params).token)}`, request.url), 303);
}
