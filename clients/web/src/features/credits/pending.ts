/**
 * The checkout this tab sent to Stripe, kept for the way back (sessionStorage survives the round trip in the same
 * tab): the balance before it, so the page can tell when the payment's credits have arrived, and never before.
 */
export interface PendingCheckout {
  sessionId: string;
  balance: number;
  credits: number;
  name: string;
}

const KEY = "waqup.checkout";

export function rememberCheckout(pending: PendingCheckout): void {
  sessionStorage.setItem(KEY, JSON.stringify(pending));
}

/** The remembered checkout when it is the one Stripe sent us back from (`sessionId` null: it is not known, any will do). */
export function recallCheckout(sessionId: string | null): PendingCheckout | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    const pending = raw ? (JSON.parse(raw) as PendingCheckout) : null;
    if (!pending || typeof pending.balance !== "number") return null;
    return sessionId === null || pending.sessionId === sessionId ? pending : null;
  } catch {
    return null;
  }
}

export function forgetCheckout(): void {
  sessionStorage.removeItem(KEY);
}

export type CheckoutReturn = { kind: "success"; sessionId: string | null } | { kind: "cancelled" } | null;

/** What Stripe's redirect back says: `?checkout=success&session_id=...` or `?checkout=cancelled`. */
export function readCheckoutReturn(search: string): CheckoutReturn {
  const query = new URLSearchParams(search);
  const checkout = query.get("checkout");
  if (checkout === "success") return { kind: "success", sessionId: query.get("session_id") || null };
  if (checkout === "cancelled") return { kind: "cancelled" };
  return null;
}
