import type { LedgerEntryBody, SubscriptionBody } from "../../protocol/wire";

/** A price in the currency's minor unit (cents), shown the way the reader's locale writes that currency. */
export function formatPrice(amount: number, currency: string, locale?: string): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

/** A date such as "4 January 2027", in the reader's locale. */
export function formatDate(iso: string, locale?: string): string {
  return new Date(iso).toLocaleDateString(locale, { day: "numeric", month: "long", year: "numeric" });
}

/** What a subscription's status means, in plain words; `planName` is the plan's name when it is known. */
export function subscriptionWords(subscription: SubscriptionBody, planName: string | null, locale?: string): string {
  const plan = planName ?? "Your plan";
  const renews = subscription.current_period_end ? ` It renews on ${formatDate(subscription.current_period_end, locale)}.` : "";
  switch (subscription.status) {
    case "active":
      return `${plan} is active.${renews}`;
    case "past_due":
      return `${plan} is waiting for a payment: the last one did not go through. Update your payment method to keep it.`;
    case "canceled":
      return `${plan} has ended. No more payments will be taken.`;
    default:
      return "You have no plan. A plan adds credits every month.";
  }
}

const KIND_WORDS: Record<string, string> = {
  grant: "Free credits",
  reserve: "Set aside for a ritual",
  commit: "Ritual made",
  refund: "Given back",
  purchase: "Bought",
  subscription: "Monthly plan",
  clawback: "Taken back after a refund",
  pack_purchase: "Bought a pack",
  reward: "Creator reward",
};

/** A ledger entry in plain words: what kind of change it was, why (without Stripe's ids), and the amount with its sign. */
export function entryWords(entry: LedgerEntryBody): { what: string; why: string; amount: string } {
  const what = KIND_WORDS[entry.kind] ?? entry.kind.replace(/_/g, " ");
  // "Starter (Stripe Checkout cs_...)", "Monthly (invoice in_...)", "Ritual rit_...: 1-minute affirmation ...": the ids
  // mean nothing to the reader.
  const reason = entry.reason
    .replace(/\s*\((?:Stripe Checkout|invoice|refund|charge)\b[^)]*\)\s*$/i, "")
    .replace(/\b(?:ritual\s+)?rit_[A-Za-z0-9]+:?\s*/gi, "")
    .replace(/\s{2,}/g, " ")
    .trim();
  const why = reason ? reason.charAt(0).toUpperCase() + reason.slice(1) : "";
  const amount = entry.amount > 0 ? `+${entry.amount}` : entry.amount < 0 ? `\u2212${-entry.amount}` : "0";
  return { what, why, amount };
}
