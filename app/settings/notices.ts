/** The query string Settings is reloaded with after a password change that ended every other session. */
export const PASSWORD_CHANGED_EVERYWHERE = "password=changed-everywhere";
