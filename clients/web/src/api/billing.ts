import type { CheckoutBody, CheckoutCreateRequest, CreditPackBody, CreditsResponse, PlanBody, PortalBody, SubscriptionBody } from "../protocol/wire";
import { api, getJson } from "./http";

export const getPacks = () => getJson<CreditPackBody[]>("/v1/billing/packs");
export const getPlans = () => getJson<PlanBody[]>("/v1/billing/plans");
export const getSubscription = () => getJson<SubscriptionBody>("/v1/me/subscription");
/** The newest `limit` ledger entries (the server lists a page oldest first). */
export const getCredits = (limit = 8) => getJson<CreditsResponse>(`/v1/me/credits?limit=${limit}`);

/** A fresh key for one click: the server (and Stripe) treat a repeat with the same key as the same checkout. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Starts a Stripe Checkout for one pack or plan; 409 (already subscribed) and 503 (payments off) throw with their detail. */
export async function startCheckout(request: CheckoutCreateRequest, idempotencyKey: string): Promise<CheckoutBody> {
  const response = await api("/v1/billing/checkout", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
    body: JSON.stringify(request),
  });
  return (await response.json()) as CheckoutBody;
}

export async function openPortal(): Promise<PortalBody> {
  return (await (await api("/v1/billing/portal", { method: "POST" })).json()) as PortalBody;
}
