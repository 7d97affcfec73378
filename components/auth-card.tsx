import type { ReactNode } from "react";

/** The centred card used by setup, sign-in and invitation screens. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="font-serif text-3xl font-semibold tracking-tight text-orange-950">Opinio</p>
          <h1 className="mt-3 text-lg font-semibold">{title}</h1>
          {intro ? <div className="mt-1 text-sm text-stone-600">{intro}</div> : null}
        </div>
        <div className="rounded-lg border border-stone-200 bg-white p-6 shadow-sm">{children}</div>
      </div>
    </main>
  );
}
