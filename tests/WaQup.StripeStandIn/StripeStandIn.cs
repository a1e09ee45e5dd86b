using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stripe;

namespace WaQup.Tests.Billing;

/// <summary>
/// Stripe on a loopback port: the API calls waQup makes (customers, Checkout Sessions, portal sessions, reads of what
/// it made) in Stripe's wire format, failures included; the money side (payments, renewals, refunds) as the events
/// Stripe would send, signed as Stripe signs them; and a hosted checkout page a browser can click through.
/// Objects follow the API version Stripe.net pins (<see cref="StripeConfiguration.ApiVersion"/>): a subscription's
/// period lives on its items, an invoice names its subscription under <c>parent.subscription_details</c>.
/// </summary>
public sealed class StripeStandIn : IAsyncDisposable
{
    public const string DefaultApiKey = "sk_test_waqup_stand_in";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(100) };
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _objects = new();
    private readonly Dictionary<string, CheckoutPlan> _plans = new();
    private readonly Dictionary<string, Replay> _idempotent = new();
    private readonly List<FailureRule> _failures = new();
    private readonly List<StripeEvent> _events = new();

    private StripeStandIn(WebApplication app, string webhookSecret, string apiKey)
    {
        _app = app;
        WebhookSecret = webhookSecret;
        ApiKey = apiKey;
    }

    /// <summary>The stand-in's root, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The value for Stripe.net's <c>apiBase</c> (and <c>STRIPE_API_BASE</c>): the root without its slash.</summary>
    public string ApiBase => BaseUri.ToString().TrimEnd('/');

    /// <summary>The only secret key the API accepts.</summary>
    public string ApiKey { get; }

    /// <summary>The signing secret of the webhook endpoint (<c>whsec_...</c>).</summary>
    public string WebhookSecret { get; }

    /// <summary>Where the hosted checkout page delivers the events a payment produces; none when null.</summary>
    public Uri? WebhookEndpoint { get; set; }

    /// <summary>Every request, in arrival order (the hosted page's included).</summary>
    public ConcurrentQueue<StripeCall> Calls { get; } = new();

    /// <summary>What the hosted page delivered to <see cref="WebhookEndpoint"/>: the event and the status it got (null: no answer).</summary>
    public ConcurrentQueue<(StripeEvent Event, HttpStatusCode? Status)> Deliveries { get; } = new();

    /// <summary>Every event produced so far, in order.</summary>
    public IReadOnlyList<StripeEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToList();
            }
        }
    }

    public static async Task<StripeStandIn> StartAsync(string webhookSecret, string apiKey = DefaultApiKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new StripeStandIn(app, webhookSecret, apiKey);
        app.Run(standIn.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return standIn;
    }

    /// <summary>Stripe.net's own client pointed here, with its real HTTP client and as many retries as asked.</summary>
    public StripeClient CreateClient(string? apiKey = null, int maxNetworkRetries = SystemNetHttpClient.DefaultMaxNumberRetries) =>
        new(apiKey ?? ApiKey, httpClient: new SystemNetHttpClient(_http, maxNetworkRetries), apiBase: ApiBase);

    /// <summary>The next <paramref name="times"/> API requests (to paths starting with <paramref name="pathPrefix"/>, if given) get <paramref name="failure"/>.</summary>
    public void FailNext(StripeFailure failure, int times = 1, string? pathPrefix = null)
    {
        lock (_gate)
        {
            _failures.Add(new FailureRule(failure, pathPrefix, times));
        }
    }

    /// <summary>The current JSON of an object the stand-in made (customer, session, subscription, invoice, charge, ...).</summary>
    public JsonObject Object(string id)
    {
        lock (_gate)
        {
            return (JsonObject)Find(id).DeepClone();
        }
    }

    // ----- the money side -----

    /// <summary>The customer pays on the hosted page: <c>checkout.session.completed</c>, and for a subscription also <c>customer.subscription.created</c> and <c>invoice.paid</c>.</summary>
    public IReadOnlyList<StripeEvent> Pay(string checkoutSessionId)
    {
        lock (_gate)
        {
            var session = OpenSession(checkoutSessionId);
            var plan = _plans[checkoutSessionId];
            var now = Now();
            if ((string)session["mode"]! == "payment")
            {
                var (intent, _) = Collect(plan.Total, plan.Currency, Str(session, "customer"), plan.PaymentIntentMetadata, settled: true);
                Complete(session, paid: true);
                session["payment_intent"] = (string)intent["id"]!;
                return [Emit("checkout.session.completed", session)];
            }

            var customer = Str(session, "customer") ?? NewCustomer(Str(session, "customer_email"), null, new JsonObject(), now);
            session["customer"] = customer;
            var subscription = NewSubscription(customer, plan, now);
            var invoice = NewInvoice(subscription, "subscription_create", now, now, paid: true, now);
            subscription["latest_invoice"] = (string)invoice["id"]!;
            Complete(session, paid: true);
            session["subscription"] = (string)subscription["id"]!;
            session["invoice"] = (string)invoice["id"]!;
            return
            [
                Emit("checkout.session.completed", session),
                Emit("customer.subscription.created", subscription),
                Emit("invoice.paid", invoice),
            ];
        }
    }

    /// <summary>The customer pays with a delayed method (a bank debit): <c>checkout.session.completed</c> with <c>payment_status: unpaid</c>.</summary>
    public StripeEvent PayLater(string checkoutSessionId)
    {
        lock (_gate)
        {
            var session = OpenSession(checkoutSessionId);
            if ((string)session["mode"]! != "payment")
            {
                throw new InvalidOperationException("delayed payment is simulated for payment mode only");
            }
            var plan = _plans[checkoutSessionId];
            var (intent, _) = Collect(plan.Total, plan.Currency, Str(session, "customer"), plan.PaymentIntentMetadata, settled: false);
            Complete(session, paid: false);
            session["payment_intent"] = (string)intent["id"]!;
            return Emit("checkout.session.completed", session);
        }
    }

    /// <summary>The delayed payment settles: <c>checkout.session.async_payment_succeeded</c> (a charge is made), or <c>..._failed</c>.</summary>
    public StripeEvent SettleAsyncPayment(string checkoutSessionId, bool succeeded = true)
    {
        lock (_gate)
        {
            var session = Find(checkoutSessionId);
            var intentId = Str(session, "payment_intent");
            if (Str(session, "status") != "complete" || Str(session, "payment_status") != "unpaid" || intentId is null)
            {
                throw new InvalidOperationException($"{checkoutSessionId} has no payment in flight");
            }
            var intent = Find(intentId);
            if (succeeded)
            {
                var charge = NewCharge(intent, Now());
                intent["status"] = "succeeded";
                intent["amount_received"] = L(intent["amount"]);
                intent["latest_charge"] = (string)charge["id"]!;
                session["payment_status"] = "paid";
                return Emit("checkout.session.async_payment_succeeded", session);
            }
            intent["status"] = "requires_payment_method";
            intent["last_payment_error"] = new JsonObject
            {
                ["code"] = "payment_method_provider_decline",
                ["message"] = "The payment was declined by the customer's bank.",
                ["type"] = "invalid_request_error",
            };
            return Emit("checkout.session.async_payment_failed", session);
        }
    }

    /// <summary>The next billing period starts and its invoice is paid: <c>customer.subscription.updated</c> (new period) and <c>invoice.paid</c> (<c>subscription_cycle</c>).</summary>
    public IReadOnlyList<StripeEvent> Renew(string subscriptionId) => NextPeriod(subscriptionId, paid: true);

    /// <summary>The renewal's payment fails: <c>invoice.payment_failed</c> and <c>customer.subscription.updated</c> with <c>status: past_due</c>.</summary>
    public IReadOnlyList<StripeEvent> FailRenewal(string subscriptionId) => NextPeriod(subscriptionId, paid: false);

    /// <summary>The subscription ends now: <c>customer.subscription.deleted</c>.</summary>
    public StripeEvent Cancel(string subscriptionId)
    {
        lock (_gate)
        {
            var subscription = Find(subscriptionId);
            if (Str(subscription, "status") == "canceled")
            {
                throw new InvalidOperationException($"{subscriptionId} is already canceled");
            }
            var now = Now();
            subscription["status"] = "canceled";
            subscription["canceled_at"] = now;
            subscription["ended_at"] = now;
            subscription["cancellation_details"] = new JsonObject { ["comment"] = null, ["feedback"] = null, ["reason"] = "cancellation_requested" };
            return Emit("customer.subscription.deleted", subscription);
        }
    }

    /// <summary>Refunds part or all (the default: what is left) of a charge, named by its id or its payment intent's: <c>charge.refunded</c>.</summary>
    public StripeEvent Refund(string chargeOrPaymentIntentId, long? amount = null)
    {
        lock (_gate)
        {
            var found = Find(chargeOrPaymentIntentId);
            var charge = Str(found, "object") == "payment_intent"
                ? Find(Str(found, "latest_charge") ?? throw new InvalidOperationException($"{chargeOrPaymentIntentId} has no charge"))
                : found;
            var total = L(charge["amount"]);
            var before = L(charge["amount_refunded"]);
            var refund = amount ?? total - before;
            if (refund <= 0 || before + refund > total)
            {
                throw new ArgumentOutOfRangeException(nameof(amount), $"{refund} cannot be refunded from {total} of which {before} already was");
            }
            var now = Now();
            var id = NewId("re_");
            _objects[id] = new JsonObject
            {
                ["id"] = id,
                ["object"] = "refund",
                ["amount"] = refund,
                ["charge"] = (string)charge["id"]!,
                ["created"] = now,
                ["currency"] = Str(charge, "currency"),
                ["metadata"] = new JsonObject(),
                ["payment_intent"] = Str(charge, "payment_intent"),
                ["reason"] = null,
                ["status"] = "succeeded",
            };
            var previous = new JsonObject { ["amount_refunded"] = before, ["refunded"] = (bool)charge["refunded"]! };
            charge["amount_refunded"] = before + refund;
            charge["refunded"] = before + refund == total;
            return Emit("charge.refunded", charge, previous);
        }
    }

    // ----- webhooks -----

    /// <summary>The <c>Stripe-Signature</c> header: <c>t=unix,v1=hex(HMAC-SHA256(secret, "t.payload"))</c>.</summary>
    public static string Sign(string payloadJson, string secret, DateTimeOffset? timestamp = null)
    {
        var t = (timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payloadJson}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>POSTs the event to a webhook endpoint as Stripe does, signed with <see cref="WebhookSecret"/> unless <paramref name="delivery"/> says otherwise; the endpoint's status.</summary>
    public async Task<HttpStatusCode> DeliverAsync(Uri endpoint, StripeEvent stripeEvent, StripeDelivery? delivery = null, CancellationToken cancellationToken = default)
    {
        delivery ??= new StripeDelivery();
        var signature = Sign(stripeEvent.Json, delivery.Secret ?? WebhookSecret, DateTimeOffset.UtcNow - delivery.Age);
        var body = delivery.Tampered ? stripeEvent.Json.Replace("\"livemode\":false", "\"livemode\":true") : stripeEvent.Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(body, new UTF8Encoding(false), "application/json"),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        using var response = await _http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>The same event delivered <paramref name="times"/> times, one after another or all at once, as Stripe's retries and duplicates do.</summary>
    public async Task<IReadOnlyList<HttpStatusCode>> DeliverRepeatedlyAsync(Uri endpoint, StripeEvent stripeEvent, int times, bool concurrently, CancellationToken cancellationToken = default)
    {
        if (concurrently)
        {
            return await Task.WhenAll(Enumerable.Range(0, times).Select(_ => DeliverAsync(endpoint, stripeEvent, null, cancellationToken)));
        }
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < times; i++)
        {
            statuses.Add(await DeliverAsync(endpoint, stripeEvent, null, cancellationToken));
        }
        return statuses;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
        _stopping.Dispose();
    }

    // ----- HTTP -----

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var fields = StripeForm.Fields(request.Method == "GET" || request.Method == "DELETE" ? request.QueryString.Value ?? "" : body);
        var call = new StripeCall(
            request.Method,
            request.Path.Value ?? "/",
            fields,
            StripeForm.Tree(fields),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        Calls.Enqueue(call);

        if (call.Path.StartsWith("/pay/", StringComparison.Ordinal))
        {
            await HostedPageAsync(context, call);
            return;
        }

        var failure = TakeFailure(call.Path);
        if (failure is { Stalls: true })
        {
            // No answer until the client gives up (or the stand-in stops): waits for that, not for a time.
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (linked.Token.Register(() => gone.TrySetResult()))
            {
                await gone.Task;
            }

            context.Abort();
            return;
        }

        Reply reply;
        if (failure is not null)
        {
            reply = Error(failure.Status, failure.Type, failure.Message, failure.Code);
            if (failure.ShouldRetry is { } should)
            {
                reply.Headers["Stripe-Should-Retry"] = should ? "true" : "false";
            }
        }
        else
        {
            lock (_gate)
            {
                reply = Answer(call);
            }
        }
        await WriteAsync(context, reply, call);
    }

    private static async Task WriteAsync(HttpContext context, Reply reply, StripeCall call)
    {
        var response = context.Response;
        response.StatusCode = reply.Status;
        response.ContentType = "application/json";
        response.Headers["Request-Id"] = reply.RequestId;
        response.Headers["Stripe-Version"] = StripeConfiguration.ApiVersion;
        if (call.Method == "POST" && call.IdempotencyKey is { } key)
        {
            response.Headers["Idempotency-Key"] = key;
        }
        foreach (var (name, value) in reply.Headers)
        {
            response.Headers[name] = value;
        }
        await response.WriteAsync(reply.Body, context.RequestAborted);
    }

    private Reply Answer(StripeCall call)
    {
        var authorization = call.Header("Authorization");
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Unauthorized("You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
        }
        var key = authorization["Bearer ".Length..].Trim();
        if (key != ApiKey)
        {
            var shown = key.Length > 8 ? $"{key[..8]}****{key[^4..]}" : key;
            return Unauthorized($"Invalid API Key provided: {shown}");
        }

        var idempotencyKey = call.Method == "POST" ? call.IdempotencyKey : null;
        var fingerprint = $"{call.Method} {call.Path} {call.Params.ToJsonString()}";
        if (idempotencyKey is not null && _idempotent.TryGetValue(idempotencyKey, out var replay))
        {
            if (replay.Fingerprint != fingerprint)
            {
                return Error(400, "idempotency_error",
                    $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{idempotencyKey}' if you meant to execute a different request.");
            }
            var replayed = new Reply(replay.Status, replay.Body);
            replayed.Headers["Idempotent-Replayed"] = "true";
            replayed.Headers["Original-Request"] = replay.RequestId;
            return replayed;
        }

        var reply = Route(call);
        // Stripe keeps a result under the key once the request has run; a request refused by validation is not kept.
        if (idempotencyKey is not null && reply.Status is >= 200 and < 300)
        {
            _idempotent[idempotencyKey] = new Replay(fingerprint, reply.Status, reply.Body, reply.RequestId);
        }
        if (idempotencyKey is not null)
        {
            reply.Headers["Original-Request"] = reply.RequestId;
        }
        return reply;
    }

    private Reply Route(StripeCall call)
    {
        var parts = call.Path.Trim('/').Split('/');
        var now = Now();
        switch (call.Method, parts)
        {
            case ("POST", ["v1", "customers"]):
                var customer = NewCustomer(Str(call.Params, "email"), Str(call.Params, "name"), Metadata(call.Params), now);
                return Ok(_objects[customer]);
            case ("POST", ["v1", "checkout", "sessions"]):
                return CreateCheckoutSession(call.Params, now);
            case ("POST", ["v1", "billing_portal", "sessions"]):
                return CreatePortalSession(call.Params, now);
            case ("GET", ["v1", "customers", var id]):
                return Retrieve(id, "customer");
            case ("GET", ["v1", "checkout", "sessions", var id]):
                return Retrieve(id, "checkout.session");
            case ("GET", ["v1", "subscriptions", var id]):
                return Retrieve(id, "subscription");
            case ("GET", ["v1", "invoices", var id]):
                return Retrieve(id, "invoice");
            case ("GET", ["v1", "charges", var id]):
                return Retrieve(id, "charge");
            case ("GET", ["v1", "payment_intents", var id]):
                return Retrieve(id, "payment_intent");
            case ("GET", ["v1", "prices", var id]):
                return Retrieve(id, "price");
            case ("GET", ["v1", "products", var id]):
                return Retrieve(id, "product");
            case ("GET", ["v1", "refunds", var id]):
                return Retrieve(id, "refund");
            default:
                return Error(404, "invalid_request_error", $"Unrecognized request URL ({call.Method}: {call.Path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.");
        }
    }

    private Reply Retrieve(string id, string kind)
    {
        if (_objects.TryGetValue(id, out var found) && Str(found, "object") == kind)
        {
            return Ok(found);
        }
        var noun = kind switch { "checkout.session" => "checkout.session", "payment_intent" => "payment_intent", _ => kind };
        return Error(404, "invalid_request_error", $"No such {noun}: '{id}'", "resource_missing", "id");
    }

    private Reply CreateCheckoutSession(JsonObject p, long now)
    {
        var mode = Str(p, "mode");
        if (mode is null)
        {
            return Missing("mode");
        }
        if (mode is not ("payment" or "subscription"))
        {
            return Error(400, "invalid_request_error", $"Invalid mode: must be one of payment, setup, or subscription{(mode == "setup" ? " (setup is not simulated by the stand-in)" : "")}", null, "mode");
        }
        var successUrl = Str(p, "success_url");
        if (successUrl is null)
        {
            return Missing("success_url");
        }
        var customer = Str(p, "customer");
        if (customer is not null && !(_objects.TryGetValue(customer, out var found) && Str(found, "object") == "customer"))
        {
            return Error(400, "invalid_request_error", $"No such customer: '{customer}'", "resource_missing", "customer");
        }
        if (p["line_items"] is not JsonArray { Count: > 0 } items)
        {
            return Missing("line_items");
        }

        var lines = new List<(JsonObject Price, long Quantity)>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] as JsonObject ?? new JsonObject();
            var at = $"line_items[{i}]";
            if (!long.TryParse(Str(item, "quantity"), out var quantity) || quantity < 1)
            {
                return Str(item, "quantity") is null ? Missing($"{at}[quantity]") : Invalid($"{at}[quantity]", "Invalid positive integer");
            }
            JsonObject price;
            if (Str(item, "price") is { } priceId)
            {
                if (!_objects.TryGetValue(priceId, out var known) || Str(known, "object") != "price")
                {
                    return Error(400, "invalid_request_error", $"No such price: '{priceId}'", "resource_missing", $"{at}[price]");
                }
                price = known;
            }
            else if (item["price_data"] is JsonObject data)
            {
                var error = InlinePrice(data, $"{at}[price_data]", now, out price);
                if (error is not null)
                {
                    return error;
                }
            }
            else
            {
                return Error(400, "invalid_request_error", $"You must specify either `price` or `price_data` in {at}.", "parameter_missing", $"{at}[price]");
            }
            lines.Add((price, quantity));
        }

        var currency = Str(lines[0].Price, "currency")!;
        if (lines.Any(l => Str(l.Price, "currency") != currency))
        {
            return Invalid("line_items", "All line items must use the same currency.");
        }
        var recurring = lines.Any(l => l.Price["recurring"] is JsonObject);
        if (mode == "subscription" && !recurring)
        {
            return Invalid("line_items", "You must provide at least one recurring price in `subscription` mode when using prices.");
        }
        if (mode == "payment" && recurring)
        {
            return Invalid("line_items", "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.");
        }

        var total = lines.Sum(l => L(l.Price["unit_amount"]) * l.Quantity);
        var id = "cs_test_" + RandomPart(58);
        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["allow_promotion_codes"] = null,
            ["amount_subtotal"] = total,
            ["amount_total"] = total,
            ["billing_address_collection"] = null,
            ["cancel_url"] = Str(p, "cancel_url"),
            ["client_reference_id"] = Str(p, "client_reference_id"),
            ["client_secret"] = null,
            ["created"] = now,
            ["currency"] = currency,
            ["customer"] = customer,
            ["customer_creation"] = customer is null && mode == "payment" ? "if_required" : null,
            ["customer_details"] = null,
            ["customer_email"] = Str(p, "customer_email"),
            ["expires_at"] = now + 24 * 3600,
            ["invoice"] = null,
            ["livemode"] = false,
            ["locale"] = Str(p, "locale"),
            ["metadata"] = Metadata(p),
            ["mode"] = mode,
            ["payment_intent"] = null,
            ["payment_link"] = null,
            ["payment_method_collection"] = mode == "subscription" ? "always" : null,
            ["payment_method_types"] = new JsonArray("card"),
            ["payment_status"] = "unpaid",
            ["setup_intent"] = null,
            ["status"] = "open",
            ["submit_type"] = null,
            ["subscription"] = null,
            ["success_url"] = successUrl,
            ["total_details"] = new JsonObject { ["amount_discount"] = 0, ["amount_shipping"] = 0, ["amount_tax"] = 0 },
            ["ui_mode"] = "hosted",
            ["url"] = new Uri(BaseUri, $"pay/{id}").ToString(),
        };
        _objects[id] = session;
        _plans[id] = new CheckoutPlan(
            lines,
            total,
            currency,
            (p["subscription_data"] as JsonObject)?["metadata"]?.DeepClone() as JsonObject ?? new JsonObject(),
            (p["payment_intent_data"] as JsonObject)?["metadata"]?.DeepClone() as JsonObject ?? new JsonObject());
        return Ok(session);
    }

    private Reply? InlinePrice(JsonObject data, string at, long now, out JsonObject price)
    {
        price = null!;
        var currency = Str(data, "currency");
        if (currency is null)
        {
            return Missing($"{at}[currency]");
        }
        if (!long.TryParse(Str(data, "unit_amount"), out var unitAmount) || unitAmount < 0)
        {
            return Str(data, "unit_amount") is null ? Missing($"{at}[unit_amount]") : Invalid($"{at}[unit_amount]", "Invalid non-negative integer");
        }
        var productId = Str(data, "product");
        if (productId is null)
        {
            var name = (data["product_data"] as JsonObject) is { } productData ? Str(productData, "name") : null;
            if (name is null)
            {
                return Missing(data["product_data"] is null ? $"{at}[product]" : $"{at}[product_data][name]");
            }
            productId = NewId("prod_");
            _objects[productId] = new JsonObject
            {
                ["id"] = productId,
                ["object"] = "product",
                ["active"] = false,
                ["created"] = now,
                ["livemode"] = false,
                ["metadata"] = Metadata((JsonObject)data["product_data"]!),
                ["name"] = name,
                ["type"] = "service",
            };
        }
        else if (!_objects.ContainsKey(productId))
        {
            return Error(400, "invalid_request_error", $"No such product: '{productId}'", "resource_missing", $"{at}[product]");
        }

        JsonObject? recurring = null;
        if (data["recurring"] is JsonObject recurringData)
        {
            var interval = Str(recurringData, "interval");
            if (interval is not ("day" or "week" or "month" or "year"))
            {
                return interval is null ? Missing($"{at}[recurring][interval]") : Invalid($"{at}[recurring][interval]", "Invalid recurring[interval]: must be one of day, week, month, or year");
            }
            recurring = new JsonObject
            {
                ["interval"] = interval,
                ["interval_count"] = long.TryParse(Str(recurringData, "interval_count"), out var count) ? count : 1,
                ["meter"] = null,
                ["usage_type"] = "licensed",
            };
        }
        var priceId = NewId("price_");
        price = new JsonObject
        {
            ["id"] = priceId,
            ["object"] = "price",
            ["active"] = false,
            ["billing_scheme"] = "per_unit",
            ["created"] = now,
            ["currency"] = currency.ToLowerInvariant(),
            ["livemode"] = false,
            ["lookup_key"] = null,
            ["metadata"] = new JsonObject(),
            ["nickname"] = null,
            ["product"] = productId,
            ["recurring"] = recurring,
            ["tax_behavior"] = "unspecified",
            ["type"] = recurring is null ? "one_time" : "recurring",
            ["unit_amount"] = unitAmount,
            ["unit_amount_decimal"] = unitAmount.ToString(),
        };
        _objects[priceId] = price;
        return null;
    }

    /// <summary>A price made ahead, as in the Dashboard, for line items that name a <c>price</c> id.</summary>
    public string CreatePrice(long unitAmount, string currency, string productName, string? recurringInterval = null)
    {
        lock (_gate)
        {
            var data = new JsonObject
            {
                ["currency"] = currency,
                ["unit_amount"] = unitAmount.ToString(),
                ["product_data"] = new JsonObject { ["name"] = productName },
            };
            if (recurringInterval is not null)
            {
                data["recurring"] = new JsonObject { ["interval"] = recurringInterval };
            }
            var error = InlinePrice(data, "price_data", Now(), out var price);
            if (error is not null)
            {
                throw new ArgumentException(error.Body);
            }
            price["active"] = true;
            return (string)price["id"]!;
        }
    }

    private Reply CreatePortalSession(JsonObject p, long now)
    {
        var customer = Str(p, "customer");
        if (customer is null)
        {
            return Missing("customer");
        }
        if (!_objects.TryGetValue(customer, out var found) || Str(found, "object") != "customer")
        {
            return Error(400, "invalid_request_error", $"No such customer: '{customer}'", "resource_missing", "customer");
        }
        var id = NewId("bps_");
        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "billing_portal.session",
            ["configuration"] = NewId("bpc_"),
            ["created"] = now,
            ["customer"] = customer,
            ["flow"] = null,
            ["livemode"] = false,
            ["locale"] = null,
            ["on_behalf_of"] = null,
            ["return_url"] = Str(p, "return_url"),
            ["url"] = new Uri(BaseUri, $"portal/{id}").ToString(),
        };
        _objects[id] = session;
        return Ok(session);
    }

    // ----- the hosted checkout page -----

    private async Task HostedPageAsync(HttpContext context, StripeCall call)
    {
        var parts = call.Path.Trim('/').Split('/');
        var id = parts.Length > 1 ? parts[1] : "";
        JsonObject? session;
        lock (_gate)
        {
            session = _objects.TryGetValue(id, out var found) && Str(found, "object") == "checkout.session" ? (JsonObject)found.DeepClone() : null;
        }
        if (session is null)
        {
            context.Response.StatusCode = 404;
            return;
        }
        var open = Str(session, "status") == "open";

        if (call.Method == "GET" && parts.Length == 2)
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            var amount = $"{L(session["amount_total"]) / 100m:0.00} {Str(session, "currency")!.ToUpperInvariant()}";
            var actions = open
                ? $"""<form method="post" action="/pay/{id}"><button type="submit">Pay</button></form><form method="post" action="/pay/{id}/cancel"><button type="submit">Cancel</button></form>"""
                : "<p>This Checkout Session is no longer active.</p>";
            // An empty icon: without one the browser asks for /favicon.ico, which (an API path here) is refused with a 401 that
            // a browser test's console would report.
            await context.Response.WriteAsync(
                $"""<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Pay {amount}</title></head><body><h1>Pay {amount}</h1>{actions}</body></html>""");
            return;
        }
        if (call.Method == "POST" && parts.Length == 3 && parts[2] == "cancel")
        {
            Redirect(context, Str(session, "cancel_url"), id);
            return;
        }
        if (call.Method == "POST" && parts.Length == 2 && open)
        {
            var events = Pay(id);
            if (WebhookEndpoint is { } endpoint)
            {
                foreach (var stripeEvent in events)
                {
                    HttpStatusCode? status;
                    try
                    {
                        status = await DeliverAsync(endpoint, stripeEvent, null, context.RequestAborted);
                    }
                    catch (HttpRequestException)
                    {
                        status = null;
                    }
                    Deliveries.Enqueue((stripeEvent, status));
                }
            }
            Redirect(context, Str(session, "success_url"), id);
            return;
        }
        context.Response.StatusCode = open ? 405 : 409;
    }

    private static void Redirect(HttpContext context, string? url, string sessionId)
    {
        if (url is null)
        {
            context.Response.StatusCode = 204;
            return;
        }
        context.Response.StatusCode = 303;
        context.Response.Headers.Location = url.Replace("{CHECKOUT_SESSION_ID}", sessionId, StringComparison.Ordinal);
    }

    // ----- objects (called under _gate) -----

    private string NewCustomer(string? email, string? name, JsonObject metadata, long now)
    {
        var id = NewId("cus_");
        _objects[id] = new JsonObject
        {
            ["id"] = id,
            ["object"] = "customer",
            ["address"] = null,
            ["balance"] = 0,
            ["created"] = now,
            ["currency"] = null,
            ["default_source"] = null,
            ["delinquent"] = false,
            ["description"] = null,
            ["email"] = email,
            ["invoice_prefix"] = RandomPart(8).ToUpperInvariant(),
            ["invoice_settings"] = new JsonObject { ["custom_fields"] = null, ["default_payment_method"] = null, ["footer"] = null, ["rendering_options"] = null },
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["name"] = name,
            ["next_invoice_sequence"] = 1,
            ["phone"] = null,
            ["preferred_locales"] = new JsonArray(),
            ["shipping"] = null,
            ["tax_exempt"] = "none",
            ["test_clock"] = null,
        };
        return id;
    }

    private static void Complete(JsonObject session, bool paid)
    {
        session["status"] = "complete";
        session["payment_status"] = paid ? "paid" : "unpaid";
        session["customer_details"] = new JsonObject
        {
            ["address"] = null,
            ["email"] = Str(session, "customer_email") ?? "buyer@example.com",
            ["name"] = null,
            ["phone"] = null,
            ["tax_exempt"] = "none",
            ["tax_ids"] = new JsonArray(),
        };
    }

    private (JsonObject Intent, JsonObject? Charge) Collect(long amount, string currency, string? customer, JsonObject metadata, bool settled)
    {
        var now = Now();
        var id = NewId("pi_");
        var intent = new JsonObject
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_capturable"] = 0,
            ["amount_received"] = settled ? amount : 0,
            ["capture_method"] = "automatic_async",
            ["client_secret"] = $"{id}_secret_{RandomPart(24)}",
            ["confirmation_method"] = "automatic",
            ["created"] = now,
            ["currency"] = currency,
            ["customer"] = customer,
            ["description"] = null,
            ["last_payment_error"] = null,
            ["latest_charge"] = null,
            ["livemode"] = false,
            ["metadata"] = metadata.DeepClone(),
            ["payment_method"] = NewId("pm_"),
            ["payment_method_types"] = new JsonArray(settled ? "card" : "sepa_debit"),
            ["status"] = settled ? "succeeded" : "processing",
        };
        _objects[id] = intent;
        if (!settled)
        {
            return (intent, null);
        }
        var charge = NewCharge(intent, now);
        intent["latest_charge"] = (string)charge["id"]!;
        return (intent, charge);
    }

    private JsonObject NewCharge(JsonObject intent, long now)
    {
        var id = NewId("ch_");
        var amount = L(intent["amount"]);
        var charge = new JsonObject
        {
            ["id"] = id,
            ["object"] = "charge",
            ["amount"] = amount,
            ["amount_captured"] = amount,
            ["amount_refunded"] = 0,
            ["balance_transaction"] = NewId("txn_"),
            ["billing_details"] = new JsonObject { ["address"] = null, ["email"] = null, ["name"] = null, ["phone"] = null },
            ["captured"] = true,
            ["created"] = now,
            ["currency"] = Str(intent, "currency"),
            ["customer"] = Str(intent, "customer"),
            ["description"] = null,
            ["disputed"] = false,
            ["failure_code"] = null,
            ["failure_message"] = null,
            ["livemode"] = false,
            ["metadata"] = intent["metadata"]!.DeepClone(),
            ["outcome"] = new JsonObject { ["network_status"] = "approved_by_network", ["reason"] = null, ["risk_level"] = "normal", ["seller_message"] = "Payment complete.", ["type"] = "authorized" },
            ["paid"] = true,
            ["payment_intent"] = Str(intent, "id"),
            ["payment_method"] = Str(intent, "payment_method"),
            ["receipt_url"] = null,
            ["refunded"] = false,
            ["status"] = "succeeded",
        };
        _objects[id] = charge;
        return charge;
    }

    private JsonObject NewSubscription(string customer, CheckoutPlan plan, long now)
    {
        var id = NewId("sub_");
        var items = new JsonArray();
        foreach (var (price, quantity) in plan.Lines)
        {
            var itemId = NewId("si_");
            items.Add(new JsonObject
            {
                ["id"] = itemId,
                ["object"] = "subscription_item",
                ["created"] = now,
                ["current_period_end"] = Advance(now, price),
                ["current_period_start"] = now,
                ["discounts"] = new JsonArray(),
                ["metadata"] = new JsonObject(),
                ["price"] = price.DeepClone(),
                ["quantity"] = quantity,
                ["subscription"] = id,
                ["tax_rates"] = new JsonArray(),
            });
        }
        var subscription = new JsonObject
        {
            ["id"] = id,
            ["object"] = "subscription",
            ["billing_cycle_anchor"] = now,
            ["cancel_at"] = null,
            ["cancel_at_period_end"] = false,
            ["canceled_at"] = null,
            ["cancellation_details"] = new JsonObject { ["comment"] = null, ["feedback"] = null, ["reason"] = null },
            ["collection_method"] = "charge_automatically",
            ["created"] = now,
            ["currency"] = plan.Currency,
            ["customer"] = customer,
            ["default_payment_method"] = NewId("pm_"),
            ["description"] = null,
            ["discounts"] = new JsonArray(),
            ["ended_at"] = null,
            ["items"] = List($"/v1/subscription_items?subscription={id}", items),
            ["latest_invoice"] = null,
            ["livemode"] = false,
            ["metadata"] = plan.SubscriptionMetadata.DeepClone(),
            ["pause_collection"] = null,
            ["start_date"] = now,
            ["status"] = "active",
            ["test_clock"] = null,
            ["trial_end"] = null,
            ["trial_start"] = null,
        };
        _objects[id] = subscription;
        return subscription;
    }

    /// <summary>An invoice for the subscription's current period (its items' periods), paid or left open after a failed attempt.</summary>
    private JsonObject NewInvoice(JsonObject subscription, string billingReason, long periodStart, long periodEnd, bool paid, long now)
    {
        var id = NewId("in_");
        var subscriptionId = (string)subscription["id"]!;
        var customerId = (string)subscription["customer"]!;
        var customer = Find(customerId);
        var lines = new JsonArray();
        long total = 0;
        foreach (var item in ((JsonArray)subscription["items"]!["data"]!).Cast<JsonObject>())
        {
            var price = (JsonObject)item["price"]!;
            var quantity = L(item["quantity"]);
            var amount = L(price["unit_amount"]) * quantity;
            total += amount;
            var product = Find((string)price["product"]!);
            lines.Add(new JsonObject
            {
                ["id"] = NewId("il_"),
                ["object"] = "line_item",
                ["amount"] = amount,
                ["currency"] = Str(price, "currency"),
                ["description"] = $"{quantity} × {Str(product, "name")} (at {L(price["unit_amount"]) / 100m:0.00} {Str(price, "currency")!.ToUpperInvariant()} / {Str(price["recurring"]!.AsObject(), "interval")})",
                ["discount_amounts"] = new JsonArray(),
                ["discountable"] = true,
                ["discounts"] = new JsonArray(),
                ["invoice"] = id,
                ["livemode"] = false,
                // Stripe puts the subscription's metadata on the lines a subscription bills.
                ["metadata"] = subscription["metadata"]!.DeepClone(),
                ["parent"] = new JsonObject
                {
                    ["invoice_item_details"] = null,
                    ["subscription_item_details"] = new JsonObject
                    {
                        ["invoice_item"] = null,
                        ["proration"] = false,
                        ["proration_details"] = new JsonObject { ["credited_items"] = null },
                        ["subscription"] = subscriptionId,
                        ["subscription_item"] = Str(item, "id"),
                    },
                    ["type"] = "subscription_item_details",
                },
                ["period"] = new JsonObject { ["end"] = L(item["current_period_end"]), ["start"] = L(item["current_period_start"]) },
                ["pretax_credit_amounts"] = new JsonArray(),
                ["pricing"] = new JsonObject
                {
                    ["price_details"] = new JsonObject { ["price"] = Str(price, "id"), ["product"] = Str(price, "product") },
                    ["type"] = "price_details",
                    ["unit_amount_decimal"] = Str(price, "unit_amount_decimal"),
                },
                ["quantity"] = quantity,
                ["subtotal"] = amount,
                ["taxes"] = new JsonArray(),
            });
        }

        var sequence = L(customer["next_invoice_sequence"]);
        customer["next_invoice_sequence"] = sequence + 1;
        var invoice = new JsonObject
        {
            ["id"] = id,
            ["object"] = "invoice",
            ["account_country"] = "US",
            ["account_name"] = "waQup",
            ["amount_due"] = total,
            ["amount_overpaid"] = 0,
            ["amount_paid"] = paid ? total : 0,
            ["amount_remaining"] = paid ? 0 : total,
            ["amount_shipping"] = 0,
            ["attempt_count"] = 1,
            ["attempted"] = true,
            ["auto_advance"] = !paid,
            ["billing_reason"] = billingReason,
            ["collection_method"] = "charge_automatically",
            ["created"] = now,
            ["currency"] = Str(subscription, "currency"),
            ["customer"] = customerId,
            ["customer_email"] = Str(customer, "email"),
            ["customer_name"] = Str(customer, "name"),
            ["description"] = null,
            ["discounts"] = new JsonArray(),
            ["due_date"] = null,
            ["effective_at"] = now,
            ["hosted_invoice_url"] = new Uri(BaseUri, $"invoice/{id}").ToString(),
            ["invoice_pdf"] = null,
            ["lines"] = List($"/v1/invoices/{id}/lines", lines),
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["next_payment_attempt"] = paid ? null : now + 3 * 24 * 3600,
            ["number"] = $"{Str(customer, "invoice_prefix")}-{sequence:0000}",
            ["parent"] = new JsonObject
            {
                ["quote_details"] = null,
                ["subscription_details"] = new JsonObject
                {
                    ["metadata"] = subscription["metadata"]!.DeepClone(),
                    ["subscription"] = subscriptionId,
                },
                ["type"] = "subscription_details",
            },
            ["period_end"] = periodEnd,
            ["period_start"] = periodStart,
            ["status"] = paid ? "paid" : "open",
            ["status_transitions"] = new JsonObject
            {
                ["finalized_at"] = now,
                ["marked_uncollectible_at"] = null,
                ["paid_at"] = paid ? now : null,
                ["voided_at"] = null,
            },
            ["subtotal"] = total,
            ["total"] = total,
        };
        _objects[id] = invoice;
        if (paid)
        {
            Collect(total, Str(subscription, "currency")!, customerId, new JsonObject(), settled: true);
        }
        return invoice;
    }

    private IReadOnlyList<StripeEvent> NextPeriod(string subscriptionId, bool paid)
    {
        lock (_gate)
        {
            var subscription = Find(subscriptionId);
            if (Str(subscription, "status") is not ("active" or "past_due"))
            {
                throw new InvalidOperationException($"{subscriptionId} is {Str(subscription, "status")}");
            }
            var now = Now();
            var previous = new JsonObject
            {
                ["items"] = subscription["items"]!.DeepClone(),
                ["latest_invoice"] = Str(subscription, "latest_invoice"),
            };
            var items = ((JsonArray)subscription["items"]!["data"]!).Cast<JsonObject>().ToList();
            var lastStart = L(items[0]["current_period_start"]);
            var lastEnd = L(items[0]["current_period_end"]);
            foreach (var item in items)
            {
                var start = L(item["current_period_end"]);
                item["current_period_start"] = start;
                item["current_period_end"] = Advance(start, (JsonObject)item["price"]!);
            }
            // A cycle invoice's own period is the one just ended; its lines bill the period just begun.
            var invoice = NewInvoice(subscription, "subscription_cycle", lastStart, lastEnd, paid, now);
            subscription["latest_invoice"] = (string)invoice["id"]!;
            var status = paid ? "active" : "past_due";
            if (Str(subscription, "status") != status)
            {
                previous["status"] = Str(subscription, "status");
                subscription["status"] = status;
            }
            var updated = Emit("customer.subscription.updated", subscription, previous);
            return paid
                ? [updated, Emit("invoice.paid", invoice)]
                : [Emit("invoice.payment_failed", invoice), updated];
        }
    }

    private StripeEvent Emit(string type, JsonObject current, JsonObject? previousAttributes = null)
    {
        var id = NewId("evt_");
        var data = new JsonObject { ["object"] = current.DeepClone() };
        if (previousAttributes is not null)
        {
            data["previous_attributes"] = previousAttributes.DeepClone();
        }
        var envelope = new JsonObject
        {
            ["id"] = id,
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = Now(),
            ["data"] = data,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            // The money side is the customer's or Stripe's doing, never an API request of ours.
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["type"] = type,
        };
        var stripeEvent = new StripeEvent(id, type, envelope.ToJsonString());
        _events.Add(stripeEvent);
        return stripeEvent;
    }

    private JsonObject OpenSession(string id)
    {
        var session = Find(id);
        if (Str(session, "object") != "checkout.session" || Str(session, "status") != "open")
        {
            throw new InvalidOperationException($"{id} is not an open Checkout Session");
        }
        return session;
    }

    private JsonObject Find(string id) =>
        _objects.TryGetValue(id, out var found) ? found : throw new KeyNotFoundException($"the stand-in made no object {id}");

    private FailureRule? TakeFailureRule(string path) =>
        _failures.FirstOrDefault(f => f.Remaining > 0 && (f.PathPrefix is null || path.StartsWith(f.PathPrefix, StringComparison.Ordinal)));

    private StripeFailure? TakeFailure(string path)
    {
        lock (_gate)
        {
            var rule = TakeFailureRule(path);
            if (rule is null)
            {
                return null;
            }
            rule.Remaining--;
            return rule.Failure;
        }
    }

    // ----- helpers -----

    /// <summary>A number the stand-in stored, whether it went in as an int or a long.</summary>
    private static long L(JsonNode? node) => node!.AsValue().TryGetValue<long>(out var value) ? value : node.AsValue().GetValue<int>();

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static long Advance(long from, JsonObject price)
    {
        var recurring = (JsonObject)price["recurring"]!;
        var count = (int)L(recurring["interval_count"]);
        var start = DateTimeOffset.FromUnixTimeSeconds(from);
        var end = Str(recurring, "interval") switch
        {
            "day" => start.AddDays(count),
            "week" => start.AddDays(7 * count),
            "month" => start.AddMonths(count),
            _ => start.AddYears(count),
        };
        return end.ToUnixTimeSeconds();
    }

    private static JsonObject List(string url, JsonArray data) => new()
    {
        ["object"] = "list",
        ["data"] = data,
        ["has_more"] = false,
        ["total_count"] = data.Count,
        ["url"] = url,
    };

    private static string? Str(JsonObject obj, string name) => obj[name] is JsonValue value ? value.ToString() : null;

    private static JsonObject Metadata(JsonObject p) => p["metadata"]?.DeepClone() as JsonObject ?? new JsonObject();

    private static string NewId(string prefix) => prefix + RandomPart(24);

    private static string RandomPart(int length) => RandomNumberGenerator.GetString(Alphabet, length);

    private static Reply Ok(JsonObject obj) => new(200, obj.ToJsonString());

    private static Reply Missing(string param) =>
        Error(400, "invalid_request_error", $"Missing required param: {param}.", "parameter_missing", param);

    private static Reply Invalid(string param, string message) => Error(400, "invalid_request_error", message, null, param);

    private static Reply Unauthorized(string message)
    {
        var reply = Error(401, "invalid_request_error", message);
        reply.Headers["WWW-Authenticate"] = "Bearer realm=\"Stripe\"";
        return reply;
    }

    private static Reply Error(int status, string type, string message, string? code = null, string? param = null)
    {
        var requestId = NewId("req_");
        var error = new JsonObject();
        if (code is not null)
        {
            error["code"] = code;
            error["doc_url"] = $"https://stripe.com/docs/error-codes/{code.Replace('_', '-')}";
        }
        error["message"] = message;
        if (param is not null)
        {
            error["param"] = param;
        }
        error["request_log_url"] = $"https://dashboard.stripe.com/test/logs/{requestId}";
        error["type"] = type;
        return new Reply(status, new JsonObject { ["error"] = error }.ToJsonString(), requestId);
    }

    private sealed record CheckoutPlan(
        List<(JsonObject Price, long Quantity)> Lines,
        long Total,
        string Currency,
        JsonObject SubscriptionMetadata,
        JsonObject PaymentIntentMetadata);

    private sealed record Replay(string Fingerprint, int Status, string Body, string RequestId);

    private sealed class FailureRule(StripeFailure failure, string? pathPrefix, int remaining)
    {
        public StripeFailure Failure { get; } = failure;

        public string? PathPrefix { get; } = pathPrefix;

        public int Remaining { get; set; } = remaining;
    }

    private sealed class Reply(int status, string body, string? requestId = null)
    {
        public int Status { get; } = status;

        public string Body { get; } = body;

        public string RequestId { get; } = requestId ?? NewId("req_");

        public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
