import { cloneElement, isValidElement, useId, type ComponentProps, type ReactNode } from "react";

/** Small, consistent form primitives; every form in Opinio is built from these. */
/**
 * A labelled control. The hint is outside the label and tied to the control by aria-describedby,
 * so the control's accessible name is the label alone ("Short title", not "Short title Used in…").
 */
export function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  const hintId = useId();
  const control =
    hint && isValidElement<{ "aria-describedby"?: string }>(children) ? cloneElement(children, { "aria-describedby": hintId }) : children;
  return (
    <div className="space-y-1">
      <label className="block space-y-1">
        <span className="text-sm font-medium text-stone-700">{label}</span>
        {control}
      </label>
      {hint ? (
        <span id={hintId} className="block text-xs text-stone-500">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export function Input(props: ComponentProps<"input">) {
  return (
    <input
      {...props}
      className={`w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-orange-800 focus:outline-none focus:ring-2 focus:ring-orange-800/20 ${props.className ?? ""}`}
    />
  );
}

export function Select(props: React.SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      {...props}
      className={`rounded-md border border-stone-300 bg-white px-2 py-2 text-sm shadow-sm focus:border-orange-800 focus:outline-none ${props.className ?? ""}`}
    />
  );
}

export function Button({
  variant = "primary",
  ...props
}: ComponentProps<"button"> & { variant?: "primary" | "secondary" | "danger" | "ghost" }) {
  const styles = {
    primary: "bg-orange-900 text-white hover:bg-orange-800 disabled:bg-stone-400",
    secondary: "border border-stone-300 bg-white text-stone-800 hover:bg-stone-50",
    danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
    ghost: "text-stone-600 hover:bg-stone-100",
  }[variant];
  return (
    <button
      {...props}
      className={`inline-flex items-center justify-center rounded-md px-3 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed ${styles} ${props.className ?? ""}`}
    />
  );
}

export function FormMessage({ error, success }: { error?: string | null; success?: string | null }) {
  if (error)
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        {error}
      </p>
    );
  if (success)
    return (
      <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
        {success}
      </p>
    );
  return null;
}
