import { useEffect, useState } from "react";
import { getMe } from "../../api/http";
import type { MeResponse } from "../../protocol/wire";

export function CreditsPage({ live }: { live: number | null }) {
  const [me, setMe] = useState<MeResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getMe().then(setMe, (e: Error) => setError(e.message));
  }, [live]);
  const balance = me?.credits.balance;
  return (
    <section className="page credits" aria-labelledby="credits-title">
      <h1 id="credits-title">Credits</h1>
      <div className="card balance">
        {balance !== undefined ? <p className="balance-figure">{balance} credits</p> : <p className="hint">{error ?? "Checking your balance…"}</p>}
        {me && me.credits.reserved > 0 && <p className="hint">{me.credits.reserved} held for a ritual being made</p>}
        <p>Each affirmation set, meditation or ritual costs a few credits; waQup tells you the price and asks before it makes one.</p>
      </div>
      <div className="card">
        <h2>More credits</h2>
        <p>Credit packs and plans are not available yet. They arrive with payments in a coming update; until then, your welcome credits are yours to use.</p>
      </div>
    </section>
  );
}
