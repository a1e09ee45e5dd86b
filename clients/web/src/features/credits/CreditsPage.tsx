import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { getCredits, getPacks, getPlans, getSubscription, newIdempotencyKey, openPortal, startCheckout } from "../../api/billing";
import { getMe } from "../../api/http";
import type { CheckoutCreateRequest, CreditPackBody, LedgerEntryBody, MeResponse, PlanBody, SubscriptionBody } from "../../protocol/wire";
import { navigate } from "../../router";
import { forgetCheckout, readCheckoutReturn, recallCheckout, rememberCheckout, type PendingCheckout } from "./pending";
import { entryWords, formatDate, formatPrice, subscriptionWords } from "./words";

/** How long the page checks quickly for a payment's credits before it says, calmly, that it is taking a while. */
const CONFIRM_FAST_MS = 30_000;
/** How long it keeps checking after that, more slowly. */
const CONFIRM_SLOW_MS = 5 * 60_000;

type Confirmation =
  | { kind: "confirming" }
  | { kind: "confirmed"; added: number }
  | { kind: "slow" }
  | { kind: "cancelled" }
  | null;

/** What a Buy click is for: a pack or a plan, its credits (per month for a plan), and the checkout to ask for. */
interface Offer {
  id: string;
  name: string;
  credits: number;
  request: CheckoutCreateRequest;
}

export function CreditsPage({ live }: { live: number | null }) {
  // Stripe sends the browser back to /credits?checkout=...: read once, then the address is made plain again.
  const [back] = useState(() => readCheckoutReturn(location.search));
  const [pending] = useState<PendingCheckout | null>(() => (back?.kind === "success" ? recallCheckout(back.sessionId) : null));
  const [me, setMe] = useState<MeResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [packs, setPacks] = useState<CreditPackBody[] | null>(null);
  const [plans, setPlans] = useState<PlanBody[] | null>(null);
  const [offersError, setOffersError] = useState<string | null>(null);
  const [subscription, setSubscription] = useState<SubscriptionBody | null>(null);
  // Why the plan could not be read (payments off on this server answers 503 with its reason).
  const [subscriptionProblem, setSubscriptionProblem] = useState<string | null>(null);
  const [ledger, setLedger] = useState<LedgerEntryBody[] | null>(null);
  const [confirmation, setConfirmation] = useState<Confirmation>(back?.kind === "cancelled" ? { kind: "cancelled" } : back ? { kind: "confirming" } : null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ id: string; detail: string } | null>(null);
  const mounted = useRef(true);

  /** Balance, subscription and recent activity, read again; answers the balance (null when it could not be read). */
  const refresh = useCallback(async (): Promise<number | null> => {
    const [meResult, subscriptionResult, creditsResult] = await Promise.allSettled([getMe(), getSubscription(), getCredits()]);
    if (!mounted.current) return null;
    if (meResult.status === "fulfilled") {
      setMe(meResult.value);
      setError(null);
    } else {
      setError((meResult.reason as Error).message);
    }
    if (subscriptionResult.status === "fulfilled") {
      setSubscription(subscriptionResult.value);
      setSubscriptionProblem(null);
    } else {
      setSubscriptionProblem((subscriptionResult.reason as Error).message);
    }
    if (creditsResult.status === "fulfilled") setLedger([...creditsResult.value.ledger].reverse());
    return meResult.status === "fulfilled" ? meResult.value.credits.balance : null;
  }, []);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (back) navigate("/credits", true);
    if (back?.kind === "cancelled") forgetCheckout();
  }, [back]);

  useEffect(() => {
    Promise.all([getPacks(), getPlans()]).then(
      ([p, q]) => {
        setPacks(p);
        setPlans(q);
      },
      (e: Error) => setOffersError(e.message),
    );
  }, []);

  // The conversation's live balance changed (or the page opened): read everything again.
  useEffect(() => {
    void refresh();
  }, [live, refresh]);

  // Back from a payment: the credits come by Stripe's webhook, usually before the browser is back, sometimes a little
  // later. The balance is read until it rises above what it was before the checkout; success is said only then.
  useEffect(() => {
    if (back?.kind !== "success") return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    let baseline = pending?.balance ?? null;
    const tick = async () => {
      const balance = await refresh().catch(() => null);
      if (stopped) return;
      if (balance !== null) {
        if (baseline === null) baseline = balance;
        else if (balance > baseline) {
          setConfirmation({ kind: "confirmed", added: balance - baseline });
          forgetCheckout();
          return;
        }
      }
      const elapsed = Date.now() - started;
      if (elapsed > CONFIRM_FAST_MS) setConfirmation((c) => (c?.kind === "confirming" ? { kind: "slow" } : c));
      if (elapsed > CONFIRM_FAST_MS + CONFIRM_SLOW_MS) return;
      timer = setTimeout(() => void tick(), elapsed > CONFIRM_FAST_MS ? 5_000 : 1_000);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [back, pending, refresh]);

  // Back (or forward) to this page from Stripe's page out of the browser's cache: the buttons work again.
  useEffect(() => {
    const shown = (e: PageTransitionEvent) => {
      if (e.persisted) setBusy(null);
    };
    window.addEventListener("pageshow", shown);
    return () => window.removeEventListener("pageshow", shown);
  }, []);

  const buy = async (offer: Offer) => {
    if (busy) return;
    setBusy(offer.id);
    setProblem(null);
    try {
      // A key per click: a retry of this request is the same checkout, a new click is a new one.
      const checkout = await startCheckout(offer.request, newIdempotencyKey());
      const balance = me?.credits.balance ?? (await getMe()).credits.balance;
      rememberCheckout({ sessionId: checkout.checkout_session_id, balance, credits: offer.credits, name: offer.name });
      location.assign(checkout.url);
    } catch (e) {
      if (mounted.current) {
        setProblem({ id: offer.id, detail: (e as Error).message });
        setBusy(null);
      }
    }
  };

  const manage = async () => {
    if (busy) return;
    setBusy("portal");
    setProblem(null);
    try {
      location.assign((await openPortal()).url);
    } catch (e) {
      if (mounted.current) {
        setProblem({ id: "portal", detail: (e as Error).message });
        setBusy(null);
      }
    }
  };

  const balance = me?.credits.balance;
  const planName = (id: string | null) => plans?.find((p) => p.plan_id === id)?.name ?? null;
  const problemFor = (id: string) =>
    problem?.id === id ? (
      <p className="notice offer-problem" role="alert">
        {problem.detail}
      </p>
    ) : null;

  return (
    <section className="page credits" aria-labelledby="credits-title">
      <h1 id="credits-title">Credits</h1>
      <div className="card balance">
        {balance !== undefined ? <p className="balance-figure">{balance} credits</p> : <p className="hint">{error ?? "Checking your balance…"}</p>}
        {me && me.credits.reserved > 0 && <p className="hint">{me.credits.reserved} held for a ritual being made</p>}
        <div role="status" aria-live="polite" className="checkout-status">
          {confirmation && <ConfirmationText confirmation={confirmation} pending={pending} />}
        </div>
        <p>Each affirmation set, meditation or ritual costs a few credits; waQup tells you the price and asks before it makes one.</p>
      </div>

      <div className="card" aria-labelledby="packs-title">
        <h2 id="packs-title">Credit packs</h2>
        <p className="hint">Paid once, through Stripe. The credits stay until you use them.</p>
        {offersError && <p className="notice">{offersError}</p>}
        {packs === null && !offersError && <p className="hint">Loading the packs…</p>}
        {packs && packs.length === 0 && <p className="hint">No packs are on sale right now.</p>}
        {packs && packs.length > 0 && (
          <ul className="offers">
            {packs.map((p) => {
              const id = `pack:${p.pack_id}`;
              return (
                <Offer
                  key={p.pack_id}
                  name={p.name}
                  price={formatPrice(p.amount, p.currency)}
                  // "20 credits, paid once"; just "Paid once" when the name says how many already.
                  meta={p.name.includes(String(p.credits)) ? "Paid once" : `${p.credits} credits, paid once`}
                  problem={problemFor(id)}
                  disabled={busy !== null}
                  busy={busy === id}
                  onBuy={() => void buy({ id, name: p.name, credits: p.credits, request: { pack_id: p.pack_id } })}
                />
              );
            })}
          </ul>
        )}
      </div>

      <div className="card" aria-labelledby="plans-title">
        <h2 id="plans-title">Monthly plan</h2>
        {subscription ? (
          <div className="subscription">
            <p className="subscription-status">{subscriptionWords(subscription, planName(subscription.plan_id))}</p>
            {subscription.status !== "none" && (
              <button type="button" className="btn btn-quiet" disabled={busy !== null} aria-busy={busy === "portal"} onClick={() => void manage()}>
                Manage subscription
              </button>
            )}
            {problemFor("portal")}
          </div>
        ) : (
          <p className="hint">{subscriptionProblem ?? "Checking your plan…"}</p>
        )}
        {plans && plans.length > 0 && (
          <ul className="offers">
            {plans.map((p) => {
              const id = `plan:${p.plan_id}`;
              return (
                <Offer
                  key={p.plan_id}
                  name={p.name}
                  price={`${formatPrice(p.amount, p.currency)} a month`}
                  meta={`${p.credits_per_month} credits every month`}
                  problem={problemFor(id)}
                  disabled={busy !== null}
                  busy={busy === id}
                  onBuy={() => void buy({ id, name: p.name, credits: p.credits_per_month, request: { plan_id: p.plan_id } })}
                />
              );
            })}
          </ul>
        )}
        {plans && <p className="hint">Cancel or change it any time with Manage subscription.</p>}
      </div>

      <div className="card" aria-labelledby="activity-title">
        <h2 id="activity-title">Recent activity</h2>
        {ledger === null && <p className="hint">Loading…</p>}
        {ledger && ledger.length === 0 && <p className="hint">Nothing yet.</p>}
        {ledger && ledger.length > 0 && (
          <ul className="activity" aria-labelledby="activity-title">
            {ledger.map((entry) => {
              const words = entryWords(entry);
              return (
                <li key={entry.id} className="activity-row">
                  <div className="activity-text">
                    <span className="activity-what">{words.what}</span>
                    <span className="activity-why">
                      {words.why && `${words.why} · `}
                      <time dateTime={entry.at}>{formatDate(entry.at)}</time>
                    </span>
                  </div>
                  <span className={`activity-amount ${entry.amount > 0 ? "activity-in" : ""}`}>{words.amount}</span>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}

function ConfirmationText({ confirmation, pending }: { confirmation: NonNullable<Confirmation>; pending: PendingCheckout | null }) {
  switch (confirmation.kind) {
    case "confirming":
      return <p className="notice notice-calm">Thank you. Your payment is being confirmed…</p>;
    case "confirmed":
      return (
        <p className="notice notice-done">
          Payment confirmed: {confirmation.added} {confirmation.added === 1 ? "credit" : "credits"} added{pending ? ` (${pending.name})` : ""}. Thank you.
        </p>
      );
    case "slow":
      return (
        <p className="notice notice-calm">
          Your payment is still being confirmed. This can take a few minutes; your balance here updates by itself when it is done,
          and nothing more is charged if you leave this page.
        </p>
      );
    case "cancelled":
      return <p className="notice notice-calm">Checkout was cancelled. Nothing was charged.</p>;
  }
}

/** One pack or plan: a list item with its name and price, what it gives, and "Buy". */
function Offer(props: { name: string; price: string; meta: string; problem: ReactNode; disabled: boolean; busy: boolean; onBuy: () => void }) {
  return (
    <li className="offer">
      <div className="offer-text">
        {/* The name and the price in one heading: a name such as "20 credits" alone would read like the balance. */}
        <h3 className="offer-name">
          {props.name} <span className="offer-price">· {props.price}</span>
        </h3>
        <p className="offer-meta">{props.meta}</p>
        {props.problem}
      </div>
      <button type="button" className="btn btn-primary offer-buy" disabled={props.disabled} aria-busy={props.busy} onClick={props.onBuy}>
        Buy
      </button>
    </li>
  );
}
