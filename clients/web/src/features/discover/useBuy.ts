import { useCallback, useEffect, useRef, useState } from "react";
import { getMe } from "../../api/http";
import { problemOf, PurchaseIntents, purchasePack, type Problem } from "../../api/marketplace";

/** One key per intent to buy, kept across pages (a retry after a failure reuses it). */
const intents = new PurchaseIntents();

/** Packs bought in this tab: a list read before the purchase still shows them as owned. */
const boughtHere = new Set<string>();

export interface BuyState {
  /** The pack being bought, if any. */
  busy: string | null;
  problems: Record<string, Problem>;
  owned: (packId: string, ownedByServer: boolean) => boolean;
  buy: (packId: string) => Promise<boolean>;
  /** The balance after the last read (null until read). */
  balance: number | null;
  /** Set when a purchase went through: for a polite status message. */
  done: { packId: string; charged: number } | null;
}

/** Buying packs from a page: the purchase with its Idempotency-Key, the balance read again after it. */
export function useBuy(): BuyState {
  const [busy, setBusy] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, Problem>>({});
  const [, setVersion] = useState(0);
  const [balance, setBalance] = useState<number | null>(null);
  const [done, setDone] = useState<{ packId: string; charged: number } | null>(null);
  const mounted = useRef(true);

  const readBalance = useCallback(() => {
    getMe().then(
      (me) => mounted.current && setBalance(me.credits.balance),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    mounted.current = true;
    readBalance();
    return () => {
      mounted.current = false;
    };
  }, [readBalance]);

  const buy = useCallback(
    async (packId: string) => {
      if (busy) return false;
      setBusy(packId);
      setDone(null);
      setProblems(({ [packId]: _, ...rest }) => rest);
      const key = intents.keyFor(packId);
      try {
        const result = await purchasePack(packId, key);
        intents.settle(packId);
        boughtHere.add(packId);
        if (mounted.current) {
          setDone({ packId, charged: result.credits_charged });
          setVersion((v) => v + 1);
          readBalance();
        }
        return true;
      } catch (e) {
        intents.settle(packId, e);
        if (mounted.current) setProblems((p) => ({ ...p, [packId]: problemOf(e, "buy") }));
        return false;
      } finally {
        if (mounted.current) setBusy(null);
      }
    },
    [busy, readBalance],
  );

  return { busy, problems, owned: (id, server) => server || boughtHere.has(id), buy, balance, done };
}
