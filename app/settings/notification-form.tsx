"use client";

import { useActionState } from "react";
import { Button, FormMessage, Select } from "@/components/ui/form";
import type { NotificationKind, NotificationMailMode } from "@/db/schema";
import { saveNotificationSettingsAction } from "./actions";

const MODES: { value: NotificationMailMode; label: string }[] = [
  { value: "immediately", label: "Immediately" },
  { value: "daily", label: "In a daily digest" },
  { value: "never", label: "Never" },
];

/** Per kind of notification: by e-mail immediately, in a daily digest, or never. */
export function NotificationSettingsForm({ settings }: { settings: Record<NotificationKind, NotificationMailMode> }) {
  const [state, action, pending] = useActionState(saveNotificationSettingsAction, undefined);
  const row = (name: NotificationKind, label: string) => (
    <label className="flex flex-wrap items-center justify-between gap-2 text-sm">
      <span>{label}</span>
      <Select name={name} defaultValue={settings[name]}>
        {MODES.map((m) => (
          <option key={m.value} value={m.value}>
            {m.label}
          </option>
        ))}
      </Select>
    </label>
  );
  return (
    <form action={action} className="space-y-3" aria-label="E-mail notifications" data-testid="notification-settings">
      {row("mention", "When someone mentions you")}
      {row("reply", "When someone replies in your threads")}
      {row("suggestion", "When someone suggests a change to a page you created or wrote")}
      {row("decision", "When your suggestion is accepted or rejected")}
      <FormMessage error={state?.error} success={state?.success} />
      <Button type="submit" disabled={pending}>
        Save
      </Button>
    </form>
  );
}
