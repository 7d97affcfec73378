/**
 * Limits the browser checks as you type and the server enforces (schemas.ts). In a module of
 * their own, without zod or server code, so client components can import them.
 */
export const MAX_TITLE_LENGTH = 200;
