// Browser tests of buying credits through Stripe Checkout, against a system whose payments go to the Stripe stand-in
// (tests/WaQup.StripeStandIn): WAQUP_URL (the app), WAQUP_STRIPE_URL (the stand-in's api_base; `./waqup test web`
// starts it and sets both). The stand-in's hosted page has buttons "Pay" and "Cancel"; on Pay it delivers the signed
// events to the system's webhook, then sends the browser back. Run: npm run e2e
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { BASE, launch, newPage, signIn, waitFor } from "./lib.mjs";

const STRIPE = (process.env.WAQUP_STRIPE_URL ?? "").replace(/\/$/, "");
const price = (amount, currency) => {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  return format.format(amount / 10 ** format.resolvedOptions().maximumFractionDigits);
};

describe("credits through Stripe Checkout", { skip: STRIPE ? false : "WAQUP_STRIPE_URL is not set (no Stripe stand-in)" }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it("buys a pack twice, subscribes to the plan, is refused a second one, and cancels a checkout without a charge", async (t) => {
    const { context, page, problems } = await newPage(browser, { locale: "en-US" });
    await signIn(page);
    const token = await page.evaluate(() => sessionStorage.getItem("waqup.token"));
    const call = async (method, path, data) => {
      const response = await context.request.fetch(`${BASE}${path}`, { method, headers: { Authorization: `Bearer ${token}` }, data });
      return { status: response.status(), body: await response.json() };
    };
    const get = async (path) => {
      const { status, body } = await call("GET", path);
      assert.equal(status, 200, `GET ${path}`);
      return body;
    };
    // Chromium reports the refused second plan's 409 itself ("Failed to load resource"): that one is expected.
    const refusal = "error: Failed to load resource: the server responded with a status of 409 (Conflict)";
    const assertNoProblems = () => assert.deepEqual(problems.filter((p) => p !== refusal), []);
    const balance = async () => (await get("/v1/me")).credits.balance;
    const figure = page.getByText(/^\d+ credits$/);
    const shown = async () => Number(/^(\d+) credits$/.exec((await figure.innerText()).trim())?.[1]);
    const packs = await get("/v1/billing/packs");
    const plans = await get("/v1/billing/plans");
    assert.ok(packs.length > 0 && plans.length > 0, "the system sells packs and plans");
    const [pack] = packs;
    const [plan] = plans;
    // Each offer's heading is its name and price ("20 credits · $4.99"), so that no name reads like the balance.
    const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const offer = (name) => page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: new RegExp(`^${escape(name)} · `) }) });

    /** Buy (by mouse, or by keyboard), on to the stand-in's page, Pay there, and back: the balance rises by `credits`. */
    const buyAndPay = async (name, credits, { keyboard = false } = {}) => {
      const start = await balance();
      assert.equal(await shown(), start, "the page shows the balance before buying");
      const buy = offer(name).getByRole("button", { name: "Buy" });
      if (keyboard) {
        await buy.focus();
        await page.keyboard.press("Enter");
      } else {
        await buy.click();
      }
      await page.waitForURL((url) => url.href.startsWith(`${STRIPE}/pay/`));
      await page.getByRole("button", { name: "Pay" }).click();
      await page.waitForURL((url) => url.href.startsWith(`${BASE}/credits`));
      await page.getByRole("status").getByText(`Payment confirmed: ${credits} credits added (${name}). Thank you.`).waitFor();
      await waitFor(async () => (await shown()) === start + credits, `the balance to show ${start + credits}`);
      assert.equal(await balance(), start + credits, "GET /v1/me has the new balance");
      assert.equal(new URL(page.url()).search, "", "the address is plain again");
    };

    await t.test("the Credits page lists the packs and the plans with their prices", async () => {
      await page.getByRole("link", { name: "Credits", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "Credits" }).waitFor();
      await figure.waitFor(); // exactly one element reads "N credits": the balance
      assert.equal(await figure.count(), 1);
      for (const p of packs) {
        await offer(p.name).getByRole("heading", { name: `${p.name} · ${price(p.amount, p.currency)}`, exact: true }).waitFor();
        assert.match(await offer(p.name).innerText(), new RegExp(`\\b${p.credits} credits\\b[^]*[Pp]aid once`));
        assert.equal(await offer(p.name).getByRole("button", { name: "Buy" }).count(), 1);
      }
      for (const p of plans) {
        await offer(p.name).getByRole("heading", { name: `${p.name} · ${price(p.amount, p.currency)} a month`, exact: true }).waitFor();
        await offer(p.name).getByText(`${p.credits_per_month} credits every month`).waitFor();
        assert.equal(await offer(p.name).getByRole("button", { name: "Buy" }).count(), 1);
      }
      await page.getByText("You have no plan. A plan adds credits every month.").waitFor();
      assert.equal(await page.getByRole("button", { name: "Manage subscription" }).count(), 0);
    });

    await t.test("a pack bought twice is granted twice", async () => {
      await buyAndPay(pack.name, pack.credits);
      await buyAndPay(pack.name, pack.credits, { keyboard: true });
      const ledger = (await get("/v1/me/credits")).ledger.filter((e) => e.kind === "purchase");
      assert.equal(ledger.length, 2, "two purchases, two grants");
      assert.ok(ledger.every((e) => e.amount === pack.credits));
      const activity = page.getByRole("list", { name: "Recent activity" });
      await waitFor(async () => (await activity.getByText(`+${pack.credits}`).count()) === 2, "both purchases under Recent activity");
      assert.equal(await activity.getByText("Bought", { exact: true }).count(), 2);
    });

    await t.test("the plan, once paid, is active and grants its monthly credits", async () => {
      await buyAndPay(plan.name, plan.credits_per_month);
      const subscription = await get("/v1/me/subscription");
      assert.equal(subscription.status, "active");
      assert.equal(subscription.plan_id, plan.plan_id);
      const renews = new Date(subscription.current_period_end).toLocaleDateString("en-US", { day: "numeric", month: "long", year: "numeric" });
      await page.getByText(`${plan.name} is active. It renews on ${renews}.`).waitFor();
      await page.getByRole("button", { name: "Manage subscription" }).waitFor();
    });

    await t.test("a second plan is refused with the server's reason, and nothing moves", async () => {
      const start = await balance();
      const refused = await call("POST", "/v1/billing/checkout", { plan_id: plan.plan_id });
      assert.equal(refused.status, 409);
      await offer(plan.name).getByRole("button", { name: "Buy" }).click();
      await offer(plan.name).getByRole("alert").getByText(refused.body.detail, { exact: true }).waitFor();
      assert.ok(page.url().startsWith(`${BASE}/credits`), "the browser stays on the Credits page");
      assert.equal(await balance(), start);
    });

    await t.test("a cancelled checkout says nothing was charged, and the balance does not move", async () => {
      const start = await balance();
      await offer(pack.name).getByRole("button", { name: "Buy" }).click();
      await page.waitForURL((url) => url.href.startsWith(`${STRIPE}/pay/`));
      await page.getByRole("button", { name: "Cancel" }).click();
      await page.waitForURL((url) => url.href.startsWith(`${BASE}/credits`));
      await page.getByRole("status").getByText("Checkout was cancelled. Nothing was charged.").waitFor();
      await figure.waitFor();
      assert.equal(await shown(), start);
      assert.equal(await balance(), start);
      assert.equal((await get("/v1/me/credits")).ledger.filter((e) => e.kind === "purchase").length, 2);
      assertNoProblems();
    });

    await t.test("Manage subscription opens the customer portal", async () => {
      // The stand-in makes portal sessions but serves no portal page: the test answers for it.
      await page.route(`${STRIPE}/portal/**`, (route) => route.fulfill({ contentType: "text/html", body: "<!doctype html><title>Portal</title><h1>Portal</h1>" }));
      await page.getByRole("button", { name: "Manage subscription" }).click();
      await page.waitForURL((url) => url.href.startsWith(`${STRIPE}/portal/`));
      assertNoProblems();
    });
    await context.close();
  });
});
