import { describe, expect, it } from "vitest";
import { readCheckoutReturn } from "./pending";
import { entryWords, formatPrice, subscriptionWords } from "./words";

describe("credits words", () => {
  it("formats a price from the currency's minor unit", () => {
    expect(formatPrice(499, "usd", "en-US")).toBe("$4.99");
    expect(formatPrice(1299, "EUR", "en-US")).toBe("€12.99");
    // The yen has no minor unit: 500 is 500 yen, not 5.
    expect(formatPrice(500, "jpy", "en-US")).toBe("¥500");
  });

  it("says a ledger entry in plain words, without Stripe's ids, with the amount's sign", () => {
    expect(entryWords({ id: "a", kind: "purchase", amount: 20, at: "2026-12-04T10:00:00Z", reason: "Starter (Stripe Checkout cs_test_123)" })).toEqual({
      what: "Bought",
      why: "Starter",
      amount: "+20",
    });
    expect(entryWords({ id: "b", kind: "clawback", amount: -5, at: "2026-12-04T10:00:00Z", reason: "refund" }).amount).toBe("\u22125");
    expect(entryWords({ id: "c", kind: "grant", amount: 30, at: "2026-12-04T10:00:00Z", reason: "welcome grant" })).toMatchObject({ what: "Free credits", why: "Welcome grant" });
    expect(entryWords({ id: "e", kind: "commit", amount: 0, at: "2026-12-04T10:00:00Z", reason: "Charged 2 for ritual rit_9218a1: 1-minute affirmation on confidence" }).why).toBe(
      "Charged 2 for 1-minute affirmation on confidence",
    );
    expect(entryWords({ id: "f", kind: "reserve", amount: -2, at: "2026-12-04T10:00:00Z", reason: "Ritual rit_9218a1: 1-minute affirmation" })).toEqual({
      what: "Set aside for a ritual",
      why: "1-minute affirmation",
      amount: "\u22122",
    });
    expect(entryWords({ id: "d", kind: "something_new", amount: 0, at: "2026-12-04T10:00:00Z", reason: "" })).toEqual({ what: "something new", why: "", amount: "0" });
  });

  it("says a subscription's status in plain words, with the renewal date when active", () => {
    const active = subscriptionWords({ status: "active", plan_id: "monthly", current_period_end: "2027-01-04T12:00:00Z" }, "Monthly", "en-GB");
    expect(active).toBe("Monthly is active. It renews on 4 January 2027.");
    expect(subscriptionWords({ status: "none", plan_id: null, current_period_end: null }, null)).toMatch(/no plan/);
    expect(subscriptionWords({ status: "past_due", plan_id: "monthly", current_period_end: null }, "Monthly")).toMatch(/did not go through/);
    expect(subscriptionWords({ status: "canceled", plan_id: "monthly", current_period_end: null }, "Monthly")).toMatch(/has ended/);
  });

  it("reads where Stripe sent the browser back from", () => {
    expect(readCheckoutReturn("?checkout=success&session_id=cs_1")).toEqual({ kind: "success", sessionId: "cs_1" });
    expect(readCheckoutReturn("?checkout=success")).toEqual({ kind: "success", sessionId: null });
    expect(readCheckoutReturn("?checkout=cancelled")).toEqual({ kind: "cancelled" });
    expect(readCheckoutReturn("")).toBeNull();
  });
});
