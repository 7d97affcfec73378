import type { Role } from "@/db/schema";

/**
 * Each role in words, in one place: the members form's choices, the invitation mail, and "… is
 * now an editor". A new role does not compile until it has its words.
 */
export const ROLE_WORDS: Record<Role, { name: string; withArticle: string; does: string }> = {
  owner: { name: "Owner", withArticle: "an owner", does: "everything, including members" },
  editor: { name: "Editor", withArticle: "an editor", does: "writes and organises pages" },
  reviewer: { name: "Reviewer", withArticle: "a reviewer", does: "comments and suggests changes for the editors to accept" },
  commenter: { name: "Commenter", withArticle: "a commenter", does: "reads and comments" },
  viewer: { name: "Viewer", withArticle: "a viewer", does: "reads" },
};
