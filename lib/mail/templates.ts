import type { Role } from "@/db/schema";
import { mailDate, renderMail, type RenderedMail } from "./render";

const ROLE_WORDS: Record<Role, string> = {
  owner: "an owner (everything, including members)",
  editor: "an editor (writes and organises pages)",
  commenter: "a commenter (reads and comments)",
  viewer: "a viewer (reads)",
};

/** The invitation to someone without an account: who invites, to which wiki, as what, until when. */
export function invitationMail(input: { inviterName: string; wikiName: string; role: Role; url: string; expiresAt: Date }): RenderedMail {
  return renderMail({
    subject: `${input.inviterName} invited you to “${input.wikiName}” on Opinio`,
    greeting: "Hello,",
    paragraphs: [
      `${input.inviterName} invited you to join the wiki “${input.wikiName}” on Opinio as ${ROLE_WORDS[input.role]}.`,
      "Opening the link lets you choose your name and a password; your account and your place in the wiki are then ready.",
    ],
    action: { label: "Accept the invitation", url: input.url },
    notes: [
      `The link works once, until ${mailDate(input.expiresAt)}.`,
      "If you did not expect this invitation, ignore this mail: nothing happens unless the link is opened.",
    ],
  });
}

/** A password reset link: what it does, how long it lasts, and what to do if it was not asked for. */
export function passwordResetMail(input: { name: string; url: string; expiresAt: Date }): RenderedMail {
  return renderMail({
    subject: "Reset your Opinio password",
    greeting: `Hello ${input.name},`,
    paragraphs: ["Someone (we hope you) asked to reset the password of your Opinio account. Choose a new one here:"],
    action: { label: "Choose a new password", url: input.url },
    notes: [
      `The link works once, until ${mailDate(input.expiresAt)}. Setting a new password signs your account out everywhere else.`,
      "If you did not ask for this, ignore this mail: your password stays as it is.",
    ],
  });
}
