"use client";

import type { HocuspocusProvider } from "@hocuspocus/provider";
import { useEffect, useState } from "react";
import { Avatar } from "@/components/avatar";

type Present = { id: string; name: string; color: string };

/** Who else has this page open, from the provider's awareness states (one avatar per person). */
export function PresenceAvatars({ provider, selfId }: { provider: HocuspocusProvider; selfId: string }) {
  const [people, setPeople] = useState<Present[]>([]);
  useEffect(() => {
    const awareness = provider.awareness;
    if (!awareness) return;
    const refresh = () => {
      const byId = new Map<string, Present>();
      for (const state of awareness.getStates().values()) {
        const user = state.user as Present | undefined;
        if (user?.id && user.id !== selfId) byId.set(user.id, user);
      }
      setPeople([...byId.values()]);
    };
    refresh();
    awareness.on("change", refresh);
    return () => awareness.off("change", refresh);
  }, [provider, selfId]);
  if (people.length === 0) return null;
  return (
    <div className="flex -space-x-1.5" data-testid="presence" aria-label={`Also here: ${people.map((p) => p.name).join(", ")}`}>
      {people.map((p) => (
        <Avatar key={p.id} userId={p.id} name={p.name} color={p.color} size={26} />
      ))}
    </div>
  );
}
