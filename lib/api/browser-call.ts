/**
 * The browser's way to call our REST API (same origin, session cookie): JSON in and out, and a
 * refusal thrown as an Error carrying the server's own message, so a form can show it as is.
 */
export async function apiCall<T>(url: string, init?: { method: string; body?: unknown }): Promise<T> {
  const response = await fetch(url, {
    method: init?.method ?? "GET",
    headers: init?.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
    cache: "no-store",
  });
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new Error(data?.error?.message ?? `The server answered ${response.status}`);
  return data as T;
}
