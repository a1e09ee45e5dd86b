using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WaQup.Abstractions.Grains;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Billing;

/// <summary>
/// Payments end to end against a Stripe stand-in that speaks Stripe's wire format: a pack's credits granted once
/// however its events are repeated, raced or reordered; forged and stale events refused; a subscription granting per
/// paid invoice; refunds taking back only what is unspent; and every request to Stripe carrying an idempotency key.
/// </summary>
public sealed class PaymentsTests(PaymentsTests.Payments fixture) : IClassFixture<PaymentsTests.Payments>
{
    private const int Welcome = 10;

    private WaQupServer Server => fixture.Server;

    private StripeStandIn Stripe => fixture.Stripe;

    private Uri Webhook => new(Server.BaseUri, "v1/billing/webhook");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_packs_and_plans_come_from_configuration()
    {
        using var http = Server.HttpFor(Users.New("pay"));

        var packs = await http.GetFromJsonAsync<JsonArray>("/v1/billing/packs", Cancel);
        var plans = await http.GetFromJsonAsync<JsonArray>("/v1/billing/plans", Cancel);

        var starter = packs!.Single(p => (string?)p!["pack_id"] == "starter")!;
        Assert.Equal((20, 499L, "usd"), ((int)starter["credits"]!, (long)starter["amount"]!, (string?)starter["currency"]));
        var monthly = plans!.Single(p => (string?)p!["plan_id"] == "monthly")!;
        Assert.Equal((60, 999L), ((int)monthly["credits_per_month"]!, (long)monthly["amount"]!));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Buying_a_pack_grants_its_credits_once_however_often_and_however_concurrently_its_events_come()
    {
        var user = Users.New("pay");
        var session = await CheckoutAsync(user, new { pack_id = "starter" });
        var completed = Assert.Single(Stripe.Pay(session));

        Assert.Equal(HttpStatusCode.OK, await Stripe.DeliverAsync(Webhook, completed, cancellationToken: Cancel));
        Assert.All(await Stripe.DeliverRepeatedlyAsync(Webhook, completed, 5, concurrently: true, Cancel), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(await Stripe.DeliverRepeatedlyAsync(Webhook, completed, 3, concurrently: false, Cancel), status => Assert.Equal(HttpStatusCode.OK, status));

        var statement = await StatementAsync(user);
        Assert.Equal(Welcome + 20, statement.Balance);
        var purchase = Assert.Single(statement.Ledger, e => e.Kind == "purchase");
        Assert.Equal(20, purchase.Amount);
        Assert.Equal("20 credits", purchase.Reason);
        Assert.Equal($"stripe:checkout:{session}:purchase", purchase.Id);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_completed_session_and_its_async_payment_arriving_together_grant_once()
    {
        var user = Users.New("pay");
        var session = await CheckoutAsync(user, new { pack_id = "plus" });
        var unpaid = Stripe.PayLater(session);

        // Unpaid (a bank debit on its way): nothing yet.
        Assert.Equal(HttpStatusCode.OK, await Stripe.DeliverAsync(Webhook, unpaid, cancellationToken: Cancel));
        Assert.Equal(Welcome, (await StatementAsync(user)).Balance);

        var succeeded = Stripe.SettleAsyncPayment(session);
        // The same session paid, as a completed event would carry it after settling, raced against the settlement.
        var paidCompletion = Resent(unpaid, json => json["data"]!["object"]!["payment_status"] = "paid");
        var statuses = await Task.WhenAll(
            Stripe.DeliverAsync(Webhook, succeeded, cancellationToken: Cancel),
            Stripe.DeliverAsync(Webhook, paidCompletion, cancellationToken: Cancel),
            Stripe.DeliverAsync(Webhook, succeeded, cancellationToken: Cancel));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        var statement = await StatementAsync(user);
        Assert.Equal(Welcome + 60, statement.Balance);
        Assert.Single(statement.Ledger, e => e.Kind == "purchase");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_delayed_payment_that_fails_grants_nothing()
    {
        var user = Users.New("pay");
        var session = await CheckoutAsync(user, new { pack_id = "starter" });

        await DeliverAllAsync([Stripe.PayLater(session), Stripe.SettleAsyncPayment(session, succeeded: false)]);

        var statement = await StatementAsync(user);
        Assert.Equal(Welcome, statement.Balance);
        Assert.DoesNotContain(statement.Ledger, e => e.Kind == "purchase");
    }

    public static TheoryData<string> Forgeries => ["another secret", "older than 300 s", "tampered body", "no signature"];

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_stale_event_is_refused_with_400_and_grants_nothing(string forgery)
    {
        var user = Users.New("pay");
        var completed = Assert.Single(Stripe.Pay(await CheckoutAsync(user, new { pack_id = "starter" })));

        HttpStatusCode status;
        if (forgery == "no signature")
        {
            using var http = Server.HttpFor(null);
            using var response = await http.PostAsync(Webhook, new StringContent(completed.Json, Encoding.UTF8, "application/json"), Cancel);
            status = response.StatusCode;
        }
        else
        {
            status = await Stripe.DeliverAsync(Webhook, completed, forgery switch
            {
                "another secret" => new StripeDelivery { Secret = "whsec_someone_else" },
                "older than 300 s" => new StripeDelivery { Age = TimeSpan.FromSeconds(301) },
                _ => new StripeDelivery { Tampered = true },
            }, Cancel);
        }

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(Welcome, (await StatementAsync(user)).Balance);
        // The genuine delivery still works afterwards: a refusal records nothing under the event's id.
        Assert.Equal(HttpStatusCode.OK, await Stripe.DeliverAsync(Webhook, completed, cancellationToken: Cancel));
        Assert.Equal(Welcome + 20, (await StatementAsync(user)).Balance);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_event_of_a_type_not_acted_on_is_answered_2xx_and_ignored()
    {
        var user = Users.New("pay");
        var completed = Assert.Single(Stripe.Pay(await CheckoutAsync(user, new { pack_id = "starter" })));
        var other = Resent(completed, json => json["type"] = "customer.tax_id.created");

        using var response = await PostSignedAsync(other);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["outcome"]);
        Assert.Equal(Welcome, (await StatementAsync(user)).Balance);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_subscription_grants_per_paid_invoice_goes_past_due_on_a_failed_renewal_and_ends_canceled()
    {
        var user = Users.New("pay");
        var session = await CheckoutAsync(user, new { plan_id = "monthly" });
        var events = Stripe.Pay(session);
        var subscriptionId = (string)Stripe.Object(session)["subscription"]!;

        await DeliverAllAsync(events);
        Assert.Equal(Welcome + 60, (await StatementAsync(user)).Balance);
        var subscription = await Server.GetJsonAsync<JsonObject>(user, "/v1/me/subscription");
        Assert.Equal(("active", "monthly"), ((string?)subscription["status"], (string?)subscription["plan_id"]));
        Assert.NotNull(subscription["current_period_end"]);

        // Three renewals, each delivered twice and in reverse order: three more months.
        for (var month = 0; month < 3; month++)
        {
            var renewal = Stripe.Renew(subscriptionId);
            await DeliverAllAsync([.. renewal.Reverse(), .. renewal]);
        }

        Assert.Equal(Welcome + 4 * 60, (await StatementAsync(user)).Balance);

        await DeliverAllAsync(Stripe.FailRenewal(subscriptionId));
        Assert.Equal("past_due", (string?)(await Server.GetJsonAsync<JsonObject>(user, "/v1/me/subscription"))["status"]);
        Assert.Equal(Welcome + 4 * 60, (await StatementAsync(user)).Balance);

        await DeliverAllAsync([Stripe.Cancel(subscriptionId)]);
        Assert.Equal("canceled", (string?)(await Server.GetJsonAsync<JsonObject>(user, "/v1/me/subscription"))["status"]);
        var statement = await StatementAsync(user);
        Assert.Equal(4, statement.Ledger.Count(e => e.Kind == "subscription"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_invoice_in_an_older_api_versions_shape_still_grants_its_month_once()
    {
        var user = Users.New("pay");
        var session = await CheckoutAsync(user, new { plan_id = "monthly" });
        var events = Stripe.Pay(session);
        await DeliverAllAsync(events.Where(e => e.Type != "invoice.paid"));
        // As a webhook endpoint pinned to an API version before 2025 receives it: the subscription at the top level,
        // its metadata under subscription_details, no parent.
        var legacy = Resent(events.Single(e => e.Type == "invoice.paid"), json =>
        {
            var invoice = json["data"]!["object"]!.AsObject();
            var details = invoice["parent"]!["subscription_details"]!;
            invoice["subscription"] = details["subscription"]!.DeepClone();
            invoice["subscription_details"] = new JsonObject { ["metadata"] = details["metadata"]!.DeepClone() };
            invoice.Remove("parent");
            json["api_version"] = "2024-06-20";
        });

        await DeliverAllAsync([legacy, legacy]);

        var statement = await StatementAsync(user);
        Assert.Equal(Welcome + 60, statement.Balance);
        Assert.Single(statement.Ledger, e => e.Kind == "subscription");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_refund_after_the_credits_were_spent_takes_back_only_what_is_left_and_never_goes_below_zero()
    {
        var user = Users.New("pay");
        var session = await CheckoutAsync(user, new { pack_id = "starter" });
        await DeliverAllAsync(Stripe.Pay(session));
        var credits = Server.Services.GetRequiredService<IGrainFactory>().GetGrain<ICreditGrain>(user);
        // 30 credits; 25 of them spent on rituals.
        Assert.True((await credits.ReserveAsync("spend-1", 25, TimeSpan.FromMinutes(5), "a ritual")).Reserved);
        await credits.CommitAsync("spend-1");

        var paymentIntent = (string)Stripe.Object(session)["payment_intent"]!;
        var refund = Stripe.Refund(paymentIntent);
        await DeliverAllAsync([refund, refund]);

        var statement = await StatementAsync(user);
        Assert.Equal(0, statement.Balance);
        var clawback = Assert.Single(statement.Ledger, e => e.Kind == "clawback");
        Assert.Equal(-5, clawback.Amount);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Partial_refunds_take_back_their_shares_once_in_any_order()
    {
        var user = Users.New("pay");
        var session = await CheckoutAsync(user, new { pack_id = "starter" });
        await DeliverAllAsync(Stripe.Pay(session));
        var paymentIntent = (string)Stripe.Object(session)["payment_intent"]!;

        var half = Stripe.Refund(paymentIntent, 250);
        var rest = Stripe.Refund(paymentIntent, 249);
        // The full refund arrives first; the half one after it says nothing new.
        await DeliverAllAsync([rest, half, rest]);

        var statement = await StatementAsync(user);
        Assert.Equal(Welcome, statement.Balance);
        Assert.Equal(-20, statement.Ledger.Where(e => e.Kind == "clawback").Sum(e => e.Amount));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_refund_before_its_purchase_is_known_is_sent_back_and_applied_once_the_purchase_is()
    {
        var user = Users.New("pay");
        var session = await CheckoutAsync(user, new { pack_id = "starter" });
        var completed = Assert.Single(Stripe.Pay(session));
        var refund = Stripe.Refund((string)Stripe.Object(session)["payment_intent"]!);

        Assert.Equal(HttpStatusCode.Conflict, await Stripe.DeliverAsync(Webhook, refund, cancellationToken: Cancel));
        Assert.Equal(HttpStatusCode.OK, await Stripe.DeliverAsync(Webhook, completed, cancellationToken: Cancel));
        Assert.Equal(HttpStatusCode.OK, await Stripe.DeliverAsync(Webhook, refund, cancellationToken: Cancel));

        Assert.Equal(Welcome, (await StatementAsync(user)).Balance);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_event_recorded_but_not_handled_before_a_crash_is_handled_on_its_next_delivery()
    {
        var user = Users.New("pay");
        var completed = Assert.Single(Stripe.Pay(await CheckoutAsync(user, new { pack_id = "starter" })));
        // What a crash between recording the event and granting leaves: the row, not handled.
        await using (var database = NpgsqlDataSource.Create(Server.ConnectionString))
        await using (var command = database.CreateCommand("INSERT INTO waqup_payment_events (event_id, type, created, received_at) VALUES ($1, $2, now(), now())"))
        {
            command.Parameters.AddWithValue(completed.Id);
            command.Parameters.AddWithValue(completed.Type);
            await command.ExecuteNonQueryAsync(Cancel);
        }

        Assert.Equal(HttpStatusCode.OK, await Stripe.DeliverAsync(Webhook, completed, cancellationToken: Cancel));
        Assert.Equal(HttpStatusCode.OK, await Stripe.DeliverAsync(Webhook, completed, cancellationToken: Cancel));

        Assert.Equal(Welcome + 20, (await StatementAsync(user)).Balance);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task One_customer_per_user_and_every_write_to_Stripe_carries_an_idempotency_key_and_the_same_key_is_the_same_session()
    {
        var user = Users.New("pay");
        var first = await CheckoutAsync(user, new { pack_id = "starter" }, key: "buy-1");
        var again = await CheckoutAsync(user, new { pack_id = "starter" }, key: "buy-1");
        var other = await CheckoutAsync(user, new { pack_id = "plus" });

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        var mine = Stripe.Calls.Where(c => c.Method == "POST" && (c.Field("metadata[user_id]") == user || c.Field("client_reference_id") == user)).ToList();
        Assert.Single(mine, c => c.Path == "/v1/customers");
        Assert.Equal(2, mine.Count(c => c.Path == "/v1/checkout/sessions"));
        Assert.All(Stripe.Calls.Where(c => c.Method == "POST" && c.Path.StartsWith("/v1/", StringComparison.Ordinal)), c => Assert.False(string.IsNullOrEmpty(c.IdempotencyKey), $"{c.Path} without an Idempotency-Key"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_plan_while_subscribed_is_refused_and_the_portal_opens_for_the_customer()
    {
        var user = Users.New("pay");
        await DeliverAllAsync(Stripe.Pay(await CheckoutAsync(user, new { plan_id = "monthly" })));
        using var http = Server.HttpFor(user);

        using var again = await http.PostAsJsonAsync("/v1/billing/checkout", new { plan_id = "monthly" }, Cancel);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        using var portal = await http.PostAsync("/v1/billing/portal", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, portal.StatusCode);
        Assert.StartsWith("http", (string?)(await portal.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["url"]);
    }

    public static TheoryData<string, int> BadCheckouts => new()
    {
        { "{}", 400 },
        { "{\"pack_id\": \"starter\", \"plan_id\": \"monthly\"}", 400 },
        { "{\"pack_id\": 3}", 400 },
        { "{\"pack_id\": \"\"}", 400 },
        { "{\"pack\": \"starter\"}", 400 },
        { "[\"starter\"]", 400 },
        { "{\"pack_id\": \"starter\"", 400 },
        { "{\"pack_id\": \"gold\"}", 404 },
        { "{\"plan_id\": \"yearly\"}", 404 },
    };

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(BadCheckouts))]
    public async Task A_bad_checkout_gets_a_clear_problem(string body, int status)
    {
        using var http = Server.HttpFor(Users.New("pay"));

        using var response = await http.PostAsync("/v1/billing/checkout", new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Checkout_needs_a_token_and_the_webhook_refuses_an_oversized_body()
    {
        using var anonymous = Server.HttpFor(null);
        using var checkout = await anonymous.PostAsJsonAsync("/v1/billing/checkout", new { pack_id = "starter" }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, checkout.StatusCode);
        using var subscription = await anonymous.GetAsync("/v1/me/subscription", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, subscription.StatusCode);

        using var huge = await anonymous.PostAsync(Webhook, new StringContent(new string('x', 600 * 1024), Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    private async Task<string> CheckoutAsync(string user, object body, string? key = null)
    {
        using var http = Server.HttpFor(user);
        // Seen first, as the app sees everyone: the welcome grant.
        (await http.GetAsync("/v1/me", Cancel)).EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/billing/checkout") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await http.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonObject>(Cancel);
        Assert.StartsWith("http", (string?)created!["url"]);
        return (string)created["checkout_session_id"]!;
    }

    private async Task DeliverAllAsync(IEnumerable<StripeEvent> events)
    {
        foreach (var stripeEvent in events)
        {
            Assert.Equal(HttpStatusCode.OK, await Stripe.DeliverAsync(Webhook, stripeEvent, cancellationToken: Cancel));
        }
    }

    private async Task<HttpResponseMessage> PostSignedAsync(StripeEvent stripeEvent)
    {
        using var http = Server.HttpFor(null);
        var request = new HttpRequestMessage(HttpMethod.Post, Webhook) { Content = new StringContent(stripeEvent.Json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", StripeStandIn.Sign(stripeEvent.Json, Stripe.WebhookSecret));
        return await http.SendAsync(request, Cancel);
    }

    /// <summary>An event as Stripe would send another one: a new id, and the change the test makes.</summary>
    private static StripeEvent Resent(StripeEvent original, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(original.Json)!.AsObject();
        json["id"] = $"evt_{Guid.NewGuid():N}";
        change(json);
        return new StripeEvent((string)json["id"]!, (string)json["type"]!, json.ToJsonString());
    }

    private Task<CreditStatement> StatementAsync(string user) =>
        Server.Services.GetRequiredService<IGrainFactory>().GetGrain<ICreditGrain>(user).GetStatementAsync();

    /// <summary>A Stripe stand-in and a system whose payments go to it.</summary>
    public sealed class Payments : IAsyncLifetime
    {
        public const string WebhookSecret = "whsec_waqup_payments_tests";

        public StripeStandIn Stripe { get; private set; } = null!;

        public WaQupServer Server { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Stripe = await StripeStandIn.StartAsync(WebhookSecret);
            Server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?>
            {
                ["STRIPE_SECRET_KEY"] = Stripe.ApiKey,
                ["STRIPE_WEBHOOK_SECRET"] = WebhookSecret,
                ["STRIPE_API_BASE"] = Stripe.ApiBase,
                ["Conversation:WelcomeGrant"] = Welcome.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            Stripe.WebhookEndpoint = new Uri(Server.BaseUri, "v1/billing/webhook");
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Stripe.DisposeAsync();
        }
    }
}
