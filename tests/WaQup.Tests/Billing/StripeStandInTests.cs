using System.Net;
using Stripe;
using Stripe.Checkout;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Billing;

/// <summary>The Stripe stand-in, held to what Stripe.net itself sends, accepts and verifies.</summary>
public sealed class StripeStandInTests : IAsyncLifetime
{
    private const string Secret = "whsec_stand_in_test_secret";

    private StripeStandIn _stripe = null!;

    public async ValueTask InitializeAsync() => _stripe = await StripeStandIn.StartAsync(Secret);

    public ValueTask DisposeAsync() => _stripe.DisposeAsync();

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Stripe_net_creates_a_customer_checkout_sessions_and_a_portal_session()
    {
        var client = _stripe.CreateClient();
        var customer = await new CustomerService(client).CreateAsync(new CustomerCreateOptions
        {
            Email = "ada@example.com",
            Name = "Ada",
            Metadata = new() { ["user_id"] = "u-1" },
        });
        Assert.StartsWith("cus_", customer.Id);
        Assert.Equal("ada@example.com", customer.Email);
        Assert.Equal("u-1", customer.Metadata["user_id"]);
        Assert.Equal(customer.Id, (await new CustomerService(client).GetAsync(customer.Id)).Id);

        var sessions = new SessionService(client);
        var pack = await sessions.CreateAsync(PackSession(customer.Id));
        Assert.StartsWith("cs_test_", pack.Id);
        Assert.Equal("checkout.session", pack.Object);
        Assert.Equal("payment", pack.Mode);
        Assert.Equal("open", pack.Status);
        Assert.Equal("unpaid", pack.PaymentStatus);
        Assert.Equal(1000, pack.AmountTotal);
        Assert.Equal("eur", pack.Currency);
        Assert.Equal(customer.Id, pack.CustomerId);
        Assert.Equal("u-1", pack.ClientReferenceId);
        Assert.Equal("pack-10", pack.Metadata["pack_id"]);
        Assert.Equal(new Uri(_stripe.BaseUri, $"pay/{pack.Id}").ToString(), pack.Url);
        Assert.Equal(pack.AmountTotal, (await sessions.GetAsync(pack.Id)).AmountTotal);

        var plan = await sessions.CreateAsync(PlanSession(customer.Id));
        Assert.Equal("subscription", plan.Mode);
        Assert.Equal(999, plan.AmountTotal);

        var portal = await new Stripe.BillingPortal.SessionService(client).CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customer.Id,
            ReturnUrl = "https://waqup.test/account",
        });
        Assert.StartsWith("bps_", portal.Id);
        Assert.Equal(customer.Id, portal.Customer);
        Assert.Equal("https://waqup.test/account", portal.ReturnUrl);
        Assert.NotNull(portal.Url);

        var calls = _stripe.Calls.ToList();
        Assert.Single(calls, c => c is { Method: "POST", Path: "/v1/customers" });
        Assert.All(calls.Where(c => c.Method == "POST"), c => Assert.False(string.IsNullOrEmpty(c.IdempotencyKey)));
        var packCall = calls.First(c => c.Path == "/v1/checkout/sessions");
        Assert.Equal("500", packCall.Field("line_items[0][price_data][unit_amount]"));
        Assert.Equal("500", (string?)packCall.Params["line_items"]![0]!["price_data"]!["unit_amount"]);
        Assert.Equal("10 credits", (string?)packCall.Params["line_items"]![0]!["price_data"]!["product_data"]!["name"]);
        Assert.Equal("pack-10", (string?)packCall.Params["metadata"]!["pack_id"]);
        var planCall = calls.Last(c => c.Path == "/v1/checkout/sessions");
        Assert.Equal("monthly", planCall.Field("subscription_data[metadata][plan_id]"));
        Assert.Equal("month", (string?)planCall.Params["line_items"]![0]!["price_data"]!["recurring"]!["interval"]);
        Assert.StartsWith("Bearer sk_test_", packCall.Header("Authorization"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_session_without_mode_or_success_url_is_refused_with_the_parameter_named()
    {
        var sessions = new SessionService(_stripe.CreateClient());
        var noMode = PackSession(null);
        noMode.Mode = null;
        var refused = await Assert.ThrowsAsync<StripeException>(() => sessions.CreateAsync(noMode));
        Assert.Equal(HttpStatusCode.BadRequest, refused.HttpStatusCode);
        Assert.Equal("invalid_request_error", refused.StripeError.Type);
        Assert.Equal("parameter_missing", refused.StripeError.Code);
        Assert.Equal("mode", refused.StripeError.Param);

        var noSuccessUrl = PackSession(null);
        noSuccessUrl.SuccessUrl = null;
        refused = await Assert.ThrowsAsync<StripeException>(() => sessions.CreateAsync(noSuccessUrl));
        Assert.Equal("success_url", refused.StripeError.Param);

        var recurringInPaymentMode = PlanSession(null);
        recurringInPaymentMode.Mode = "payment";
        refused = await Assert.ThrowsAsync<StripeException>(() => sessions.CreateAsync(recurringInPaymentMode));
        Assert.Equal("line_items", refused.StripeError.Param);

        var unknownCustomer = await Assert.ThrowsAsync<StripeException>(() => sessions.CreateAsync(PackSession("cus_nobody")));
        Assert.Equal("resource_missing", unknownCustomer.StripeError.Code);
        Assert.Equal("customer", unknownCustomer.StripeError.Param);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_idempotency_key_replays_the_first_answer_and_refuses_other_parameters()
    {
        var customers = new CustomerService(_stripe.CreateClient());
        var options = new RequestOptions { IdempotencyKey = "signup-u-1" };
        var first = await customers.CreateAsync(new CustomerCreateOptions { Email = "a@example.com" }, options);
        var again = await customers.CreateAsync(new CustomerCreateOptions { Email = "a@example.com" }, options);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal("true", again.StripeResponse.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.StripeResponse.Headers.Contains("Idempotent-Replayed"));

        var refused = await Assert.ThrowsAsync<StripeException>(
            () => customers.CreateAsync(new CustomerCreateOptions { Email = "b@example.com" }, options));
        Assert.Equal(HttpStatusCode.BadRequest, refused.HttpStatusCode);
        Assert.Equal("idempotency_error", refused.StripeError.Type);
        Assert.Single(_stripe.Object(first.Id).AsEnumerable(), p => p.Key == "email" && (string?)p.Value == "a@example.com");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_wrong_secret_key_gets_401_with_Stripe_s_error_object()
    {
        var refused = await Assert.ThrowsAsync<StripeException>(
            () => new CustomerService(_stripe.CreateClient("sk_test_not_the_key")).CreateAsync(new CustomerCreateOptions()));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.HttpStatusCode);
        Assert.Equal("invalid_request_error", refused.StripeError.Type);
        Assert.Contains("Invalid API Key", refused.StripeError.Message);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Stripe_net_retries_a_500_and_a_lock_timeout_with_the_same_idempotency_key()
    {
        var customers = new CustomerService(_stripe.CreateClient(maxNetworkRetries: 2));
        _stripe.FailNext(StripeFailure.ServerError, 1, "/v1/customers");
        var afterServerError = await customers.CreateAsync(new CustomerCreateOptions { Email = "a@example.com" });
        _stripe.FailNext(StripeFailure.LockTimeout, 2, "/v1/customers");
        var afterLockTimeouts = await customers.CreateAsync(new CustomerCreateOptions { Email = "b@example.com" });

        var attempts = _stripe.Calls.Where(c => c.Path == "/v1/customers").ToList();
        Assert.Equal(5, attempts.Count);
        Assert.Single(attempts.Take(2).Select(c => c.IdempotencyKey).Distinct());
        Assert.Single(attempts.Skip(2).Select(c => c.IdempotencyKey).Distinct());
        Assert.NotEqual(attempts[0].IdempotencyKey, attempts[2].IdempotencyKey);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_rate_limit_429_is_not_retried_and_a_500_past_the_retries_surfaces()
    {
        var customers = new CustomerService(_stripe.CreateClient(maxNetworkRetries: 2));
        _stripe.FailNext(StripeFailure.RateLimit);
        var limited = await Assert.ThrowsAsync<StripeException>(() => customers.CreateAsync(new CustomerCreateOptions()));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.HttpStatusCode);
        Assert.Equal("rate_limit", limited.StripeError.Code);
        Assert.Single(_stripe.Calls);

        var noRetries = new CustomerService(_stripe.CreateClient(maxNetworkRetries: 0));
        _stripe.FailNext(StripeFailure.ServerError);
        var failed = await Assert.ThrowsAsync<StripeException>(() => noRetries.CreateAsync(new CustomerCreateOptions()));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.HttpStatusCode);
        Assert.Equal("api_error", failed.StripeError.Type);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_stalled_request_hangs_until_the_caller_cancels()
    {
        var customers = new CustomerService(_stripe.CreateClient(maxNetworkRetries: 0));
        _stripe.FailNext(StripeFailure.Stall);
        using var cancel = new CancellationTokenSource();
        var call = customers.CreateAsync(new CustomerCreateOptions(), cancellationToken: cancel.Token);
        await Until.TrueAsync(() => _stripe.Calls.Count == 1, TimeSpan.FromSeconds(30), "the stalled request arrives");
        Assert.False(call.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Paying_a_pack_produces_a_completed_session_with_its_payment_intent_and_charge()
    {
        var client = _stripe.CreateClient();
        var created = await new SessionService(client).CreateAsync(PackSession(null));

        var completed = Parse(Assert.Single(_stripe.Pay(created.Id)));
        Assert.StartsWith("evt_", completed.Id);
        Assert.Equal("checkout.session.completed", completed.Type);
        Assert.Equal(StripeConfiguration.ApiVersion, completed.ApiVersion);
        Assert.False(completed.Livemode);
        Assert.NotNull(completed.Request);
        var session = Assert.IsType<Session>(completed.Data.Object);
        Assert.Equal(created.Id, session.Id);
        Assert.Equal("u-1", session.ClientReferenceId);
        Assert.Equal("pack-10", session.Metadata["pack_id"]);
        Assert.Equal(("paid", "complete", "payment"), (session.PaymentStatus, session.Status, session.Mode));
        Assert.Equal((1000L, "eur"), (session.AmountTotal!.Value, session.Currency));
        Assert.StartsWith("pi_", session.PaymentIntentId);

        var intent = await new PaymentIntentService(client).GetAsync(session.PaymentIntentId);
        Assert.Equal(("succeeded", 1000L), (intent.Status, intent.AmountReceived));
        var charge = await new ChargeService(client).GetAsync(intent.LatestChargeId);
        Assert.StartsWith("ch_", charge.Id);
        Assert.Equal((1000L, 0L, true), (charge.Amount, charge.AmountRefunded, charge.Paid));
        Assert.Equal(intent.Id, charge.PaymentIntentId);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_delayed_payment_completes_unpaid_then_succeeds_or_fails()
    {
        var sessions = new SessionService(_stripe.CreateClient());
        var settles = await sessions.CreateAsync(PackSession(null));
        var unpaid = (Session)Parse(_stripe.PayLater(settles.Id)).Data.Object;
        Assert.Equal(("complete", "unpaid"), (unpaid.Status, unpaid.PaymentStatus));
        var succeeded = Parse(_stripe.SettleAsyncPayment(settles.Id));
        Assert.Equal("checkout.session.async_payment_succeeded", succeeded.Type);
        Assert.Equal(("paid", "u-1"), (((Session)succeeded.Data.Object).PaymentStatus, ((Session)succeeded.Data.Object).ClientReferenceId));

        var fails = await sessions.CreateAsync(PackSession(null));
        _stripe.PayLater(fails.Id);
        var failed = Parse(_stripe.SettleAsyncPayment(fails.Id, succeeded: false));
        Assert.Equal("checkout.session.async_payment_failed", failed.Type);
        Assert.Equal("unpaid", ((Session)failed.Data.Object).PaymentStatus);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_subscription_is_created_paid_renewed_failed_and_canceled_as_events()
    {
        var client = _stripe.CreateClient();
        var customer = await new CustomerService(client).CreateAsync(new CustomerCreateOptions { Email = "s@example.com" });
        var created = await new SessionService(client).CreateAsync(PlanSession(customer.Id));

        var events = _stripe.Pay(created.Id).Select(Parse).ToList();
        Assert.Equal(new[] { "checkout.session.completed", "customer.subscription.created", "invoice.paid" }, events.Select(e => e.Type));
        var session = (Session)events[0].Data.Object;
        Assert.Equal(("paid", "subscription", "u-1"), (session.PaymentStatus, session.Mode, session.ClientReferenceId));
        Assert.StartsWith("sub_", session.SubscriptionId);
        Assert.StartsWith("in_", session.InvoiceId);

        var subscription = (Subscription)events[1].Data.Object;
        Assert.Equal((session.SubscriptionId, "active", customer.Id), (subscription.Id, subscription.Status, subscription.CustomerId));
        Assert.Equal("monthly", subscription.Metadata["plan_id"]);
        var item = Assert.Single(subscription.Items.Data);
        Assert.Equal(item.CurrentPeriodStart.AddMonths(1), item.CurrentPeriodEnd);
        Assert.Equal((999L, "month"), (item.Price.UnitAmount!.Value, item.Price.Recurring.Interval));

        var first = (Invoice)events[2].Data.Object;
        Assert.Equal(session.InvoiceId, first.Id);
        Assert.Equal((subscription.Id, "monthly"), (first.Parent.SubscriptionDetails.SubscriptionId, first.Parent.SubscriptionDetails.Metadata["plan_id"]));
        Assert.Equal((999L, "subscription_create", "paid", customer.Id), (first.AmountPaid, first.BillingReason, first.Status, first.CustomerId));
        var line = Assert.Single(first.Lines.Data);
        Assert.Equal("monthly", line.Metadata["plan_id"]);
        Assert.Equal(subscription.Id, line.Parent.SubscriptionItemDetails.Subscription);
        Assert.Equal((item.CurrentPeriodStart, item.CurrentPeriodEnd), (line.Period.Start, line.Period.End));
        Assert.Equal(first.Id, (await new InvoiceService(client).GetAsync(first.Id)).Id);
        Assert.Equal(first.Id, (await new SubscriptionService(client).GetAsync(subscription.Id)).LatestInvoiceId);

        var renewed = _stripe.Renew(subscription.Id).Select(Parse).ToList();
        Assert.Equal(new[] { "customer.subscription.updated", "invoice.paid" }, renewed.Select(e => e.Type));
        var updated = (Subscription)renewed[0].Data.Object;
        Assert.Equal(item.CurrentPeriodEnd, updated.Items.Data[0].CurrentPeriodStart);
        Assert.Equal(item.CurrentPeriodEnd.AddMonths(1), updated.Items.Data[0].CurrentPeriodEnd);
        Assert.NotNull(renewed[0].Data.PreviousAttributes);
        var cycle = (Invoice)renewed[1].Data.Object;
        Assert.NotEqual(first.Id, cycle.Id);
        Assert.Equal(("subscription_cycle", 999L, subscription.Id), (cycle.BillingReason, cycle.AmountPaid, cycle.Parent.SubscriptionDetails.SubscriptionId));

        var failedRenewal = _stripe.FailRenewal(subscription.Id).Select(Parse).ToList();
        Assert.Equal(new[] { "invoice.payment_failed", "customer.subscription.updated" }, failedRenewal.Select(e => e.Type));
        var unpaid = (Invoice)failedRenewal[0].Data.Object;
        Assert.Equal(("open", 0L, 999L), (unpaid.Status, unpaid.AmountPaid, unpaid.AmountRemaining));
        Assert.Equal("past_due", ((Subscription)failedRenewal[1].Data.Object).Status);

        var deleted = Parse(_stripe.Cancel(subscription.Id));
        Assert.Equal("customer.subscription.deleted", deleted.Type);
        Assert.Equal("canceled", ((Subscription)deleted.Data.Object).Status);
        Assert.NotNull(((Subscription)deleted.Data.Object).CanceledAt);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Refunds_add_up_on_the_charge_until_it_is_fully_refunded()
    {
        var created = await new SessionService(_stripe.CreateClient()).CreateAsync(PackSession(null));
        var paid = (Session)Parse(_stripe.Pay(created.Id)[0]).Data.Object;

        var partly = Parse(_stripe.Refund(paid.PaymentIntentId, 400));
        Assert.Equal("charge.refunded", partly.Type);
        var charge = Assert.IsType<Charge>(partly.Data.Object);
        Assert.Equal((400L, false, paid.PaymentIntentId), (charge.AmountRefunded, charge.Refunded, charge.PaymentIntentId));

        var rest = (Charge)Parse(_stripe.Refund(charge.Id)).Data.Object;
        Assert.Equal((1000L, true), (rest.AmountRefunded, rest.Refunded));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Stripe_net_rejects_a_stale_signature_a_wrong_secret_and_a_tampered_payload()
    {
        var created = await new SessionService(_stripe.CreateClient()).CreateAsync(PackSession(null));
        var json = _stripe.Pay(created.Id)[0].Json;

        Assert.NotNull(EventUtility.ConstructEvent(json, StripeStandIn.Sign(json, Secret, DateTimeOffset.UtcNow.AddSeconds(-290)), Secret, tolerance: 300));
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(json, StripeStandIn.Sign(json, Secret, DateTimeOffset.UtcNow.AddSeconds(-301)), Secret, tolerance: 300));
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(json, StripeStandIn.Sign(json, "whsec_other"), Secret, tolerance: 300));
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(json.Replace("\"amount_total\":1000", "\"amount_total\":1"), StripeStandIn.Sign(json, Secret), Secret, tolerance: 300));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Deliveries_reach_an_endpoint_signed_and_spoiled_as_asked()
    {
        await using var receiver = await LoopbackServer.StartAsync(Verify);
        var created = await new SessionService(_stripe.CreateClient()).CreateAsync(PackSession(null));
        var completed = _stripe.Pay(created.Id)[0];

        Assert.Equal(HttpStatusCode.OK, await _stripe.DeliverAsync(receiver.BaseUri, completed));
        Assert.Equal(HttpStatusCode.BadRequest, await _stripe.DeliverAsync(receiver.BaseUri, completed, new StripeDelivery { Age = TimeSpan.FromMinutes(6) }));
        Assert.Equal(HttpStatusCode.BadRequest, await _stripe.DeliverAsync(receiver.BaseUri, completed, new StripeDelivery { Secret = "whsec_other" }));
        Assert.Equal(HttpStatusCode.BadRequest, await _stripe.DeliverAsync(receiver.BaseUri, completed, new StripeDelivery { Tampered = true }));
        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.OK }, await _stripe.DeliverRepeatedlyAsync(receiver.BaseUri, completed, 2, concurrently: true));
        Assert.All(receiver.Requests, r => Assert.Equal("application/json; charset=utf-8", r.Headers["Content-Type"]));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_hosted_page_pays_delivers_the_events_and_redirects_to_success_url()
    {
        await using var receiver = await LoopbackServer.StartAsync(Verify);
        _stripe.WebhookEndpoint = receiver.BaseUri;
        var created = await new SessionService(_stripe.CreateClient()).CreateAsync(PlanSession(null));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var page = await browser.GetStringAsync(created.Url);
        Assert.Contains(">Pay</button>", page);
        Assert.Contains(">Cancel</button>", page);

        using var cancelled = await browser.PostAsync(new Uri(created.Url + "/cancel"), null);
        Assert.Equal(HttpStatusCode.SeeOther, cancelled.StatusCode);
        Assert.Equal("https://waqup.test/billing/cancelled", cancelled.Headers.Location!.ToString());
        Assert.Equal("open", (await new SessionService(_stripe.CreateClient()).GetAsync(created.Id)).Status);

        using var paid = await browser.PostAsync(created.Url, null);
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        Assert.Equal($"https://waqup.test/billing/done?session_id={created.Id}", paid.Headers.Location!.ToString());
        Assert.Equal(
            new[] { "checkout.session.completed", "customer.subscription.created", "invoice.paid" },
            _stripe.Deliveries.Select(d => d.Event.Type));
        Assert.All(_stripe.Deliveries, d => Assert.Equal(HttpStatusCode.OK, d.Status));
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Equal("complete", (await new SessionService(_stripe.CreateClient()).GetAsync(created.Id)).Status);
    }

    /// <summary>A webhook endpoint as waQup's will be: Stripe.net checks the signature on the raw body.</summary>
    private static async Task Verify(Microsoft.AspNetCore.Http.HttpContext context, RecordedRequest request)
    {
        try
        {
            EventUtility.ConstructEvent(request.Body, request.Headers["Stripe-Signature"], Secret, tolerance: 300);
            context.Response.StatusCode = 200;
        }
        catch (StripeException)
        {
            context.Response.StatusCode = 400;
        }
        await context.Response.CompleteAsync();
    }

    private static Event Parse(StripeEvent stripeEvent)
    {
        var parsed = EventUtility.ConstructEvent(stripeEvent.Json, StripeStandIn.Sign(stripeEvent.Json, Secret), Secret, tolerance: 300);
        Assert.Equal((stripeEvent.Id, stripeEvent.Type, "event"), (parsed.Id, parsed.Type, parsed.Object));
        return parsed;
    }

    private static SessionCreateOptions PackSession(string? customer) => new()
    {
        Mode = "payment",
        Customer = customer,
        ClientReferenceId = "u-1",
        Metadata = new() { ["pack_id"] = "pack-10", ["user_id"] = "u-1" },
        LineItems =
        [
            new SessionLineItemOptions
            {
                Quantity = 2,
                PriceData = new SessionLineItemPriceDataOptions
                {
                    Currency = "eur",
                    UnitAmount = 500,
                    ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "10 credits" },
                },
            },
        ],
        SuccessUrl = "https://waqup.test/billing/done?session_id={CHECKOUT_SESSION_ID}",
        CancelUrl = "https://waqup.test/billing/cancelled",
    };

    private static SessionCreateOptions PlanSession(string? customer) => new()
    {
        Mode = "subscription",
        Customer = customer,
        ClientReferenceId = "u-1",
        Metadata = new() { ["plan_id"] = "monthly", ["user_id"] = "u-1" },
        SubscriptionData = new SessionSubscriptionDataOptions { Metadata = new() { ["plan_id"] = "monthly", ["user_id"] = "u-1" } },
        LineItems =
        [
            new SessionLineItemOptions
            {
                Quantity = 1,
                PriceData = new SessionLineItemPriceDataOptions
                {
                    Currency = "eur",
                    UnitAmount = 999,
                    ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Monthly" },
                    Recurring = new SessionLineItemPriceDataRecurringOptions { Interval = "month" },
                },
            },
        ],
        SuccessUrl = "https://waqup.test/billing/done?session_id={CHECKOUT_SESSION_ID}",
        CancelUrl = "https://waqup.test/billing/cancelled",
    };
}
