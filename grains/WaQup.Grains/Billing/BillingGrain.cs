using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WaQup.Abstractions.Billing;
using WaQup.Abstractions.Grains;
using WaQup.Grains.Configuration;
using WaQup.Grains.Credits;
using WaQup.Grains.Persistence;
using WaQup.Providers.Payments;

namespace WaQup.Grains.Billing;

/// <summary>
/// A user's payments. Credits move only through their credit grain, each under an operation id made of the Stripe
/// object it is for (the Checkout Session, the invoice, the refund's running total), which that grain applies once:
/// whatever Stripe repeats, reorders or races, and whatever crashes between an event and its grant, a purchase is
/// granted once, an invoice once, a refund taken back once.
/// </summary>
public sealed class BillingGrain(
    [PersistentState("billing", "waqup")] IPersistentState<BillingState> store,
    IPaymentGateway gateway,
    IPaymentRecords records,
    IOptions<BillingOptions> options,
    TimeProvider clock,
    ILogger<BillingGrain> logger) : Grain, IBillingGrain
{
    /// <summary>How many started Checkout Sessions are remembered by the key they were asked with.</summary>
    private const int CheckoutsKept = 20;

    private BillingState State => store.State;

    private string UserId => this.GetPrimaryKeyString();

    private BillingOptions Offers => options.Value;

    public async Task<BillingAnswer<CheckoutStarted>> StartCheckoutAsync(CheckoutRequest request)
    {
        if (State.Checkouts.TryGetValue(request.IdempotencyKey, out var started))
        {
            return BillingAnswer<CheckoutStarted>.Of(started);
        }

        CheckoutSpec? spec;
        var pack = request.PackId is { } packId ? Offers.Pack(packId) : null;
        var plan = request.PlanId is { } planId ? Offers.Plan(planId) : null;
        if (pack is null && plan is null)
        {
            return BillingAnswer<CheckoutStarted>.Refused(BillingProblem.UnknownOffer, request.PackId is { } unknownPack ? $"there is no credit pack '{unknownPack}'" : $"there is no plan '{request.PlanId}'");
        }

        if (!gateway.Enabled)
        {
            return BillingAnswer<CheckoutStarted>.Refused(BillingProblem.PaymentsOff, PaymentsOff);
        }

        if (plan is not null && State.Status is SubscriptionStatuses.Active or SubscriptionStatuses.PastDue)
        {
            var current = State.PlanId is { } currentPlan ? Offers.Plan(currentPlan)?.Name ?? currentPlan : "a plan";
            var standing = State.Status == SubscriptionStatuses.PastDue ? ", and its last payment did not go through" : "";
            return BillingAnswer<CheckoutStarted>.Refused(BillingProblem.AlreadySubscribed, $"You already subscribe to {current}{standing}. Change or cancel it in the customer portal.");
        }

        try
        {
            var customer = await CustomerAsync();
            var metadata = new Dictionary<string, string> { [StripePaymentGateway.UserIdKey] = UserId };
            if (pack is not null)
            {
                metadata[StripePaymentGateway.PackIdKey] = pack.PackId;
                metadata[StripePaymentGateway.CreditsKey] = pack.Credits.ToString(System.Globalization.CultureInfo.InvariantCulture);
                spec = new CheckoutSpec(false, customer, UserId, pack.Name, pack.Amount, pack.Currency, pack.StripePriceId, metadata, request.SuccessUrl, request.CancelUrl);
            }
            else
            {
                metadata[StripePaymentGateway.PlanIdKey] = plan!.PlanId;
                spec = new CheckoutSpec(true, customer, UserId, plan.Name, plan.Amount, plan.Currency, plan.StripePriceId, metadata, request.SuccessUrl, request.CancelUrl);
            }

            started = await gateway.CreateCheckoutAsync(spec, $"checkout:{UserId}:{request.IdempotencyKey}", CancellationToken.None);
        }
        catch (PaymentProviderException failed)
        {
            logger.LogWarning("Checkout for {UserId} failed: {Reason}", UserId, failed.Message);
            return BillingAnswer<CheckoutStarted>.Refused(BillingProblem.ProviderFailed, failed.Message);
        }

        State.Checkouts[request.IdempotencyKey] = started;
        foreach (var old in State.Checkouts.Keys.Take(Math.Max(0, State.Checkouts.Count - CheckoutsKept)).ToList())
        {
            State.Checkouts.Remove(old);
        }

        await store.WriteOrReloadAsync(this);
        return BillingAnswer<CheckoutStarted>.Of(started);
    }

    public async Task<BillingAnswer<string>> OpenPortalAsync(string returnUrl)
    {
        if (!gateway.Enabled)
        {
            return BillingAnswer<string>.Refused(BillingProblem.PaymentsOff, PaymentsOff);
        }

        try
        {
            var customer = await CustomerAsync();
            return BillingAnswer<string>.Of(await gateway.CreatePortalAsync(customer, returnUrl, $"portal:{UserId}:{Guid.NewGuid():N}", CancellationToken.None));
        }
        catch (PaymentProviderException failed)
        {
            return BillingAnswer<string>.Refused(BillingProblem.ProviderFailed, failed.Message);
        }
    }

    public Task<SubscriptionView> GetSubscriptionAsync() =>
        Task.FromResult(new SubscriptionView(State.Status, State.PlanId, State.CurrentPeriodEnd));

    public async Task<PaymentOutcome> ApplyAsync(PaymentEvent paymentEvent) => paymentEvent switch
    {
        CheckoutCompleted completed => await CompletedAsync(completed),
        InvoicePaid paid => await InvoicePaidAsync(paid),
        InvoicePaymentFailed failed => await ChangeStatusAsync(failed.SubscriptionId, null, SubscriptionStatuses.PastDue, null, failed.Created, deleted: false),
        SubscriptionChanged changed => await ChangeStatusAsync(changed.SubscriptionId, changed.PlanId, SubscriptionStatuses.FromStripe(changed.Status), changed.CurrentPeriodEnd, changed.Created, changed.Type == "customer.subscription.deleted"),
        ChargeRefunded refunded => await RefundedAsync(refunded),
        _ => PaymentOutcome.Ignored,
    };

    private async Task<PaymentOutcome> CompletedAsync(CheckoutCompleted completed)
    {
        if (completed.PlanId is { } planId)
        {
            // A subscription's credits come with its invoices; the session only says which subscription is this user's.
            if (State.SubscriptionId == completed.SubscriptionId && State.PlanId == planId)
            {
                return PaymentOutcome.AlreadyHandled;
            }

            State.SubscriptionId ??= completed.SubscriptionId;
            State.PlanId ??= planId;
            await store.WriteOrReloadAsync(this);
            return PaymentOutcome.Applied;
        }

        if (!completed.Paid)
        {
            // Paid later (a bank debit): checkout.session.async_payment_succeeded grants it.
            return PaymentOutcome.Ignored;
        }

        var pack = completed.PackId is { } packId ? Offers.Pack(packId) : null;
        var credits = completed.Credits ?? pack?.Credits;
        if (credits is not { } granted || completed.PackId is null)
        {
            logger.LogError("Checkout Session {Session} was paid for no pack waQup knows ({PackId}): nothing granted", completed.CheckoutSessionId, completed.PackId);
            return PaymentOutcome.Ignored;
        }

        var name = pack?.Name ?? $"{granted} credits";
        // The reason is for the person; the Stripe object is in the entry's id (stripe:checkout:<session>:purchase).
        var grant = Credits.CreditAsync($"stripe:checkout:{completed.CheckoutSessionId}", granted, LedgerKinds.Purchase, name);
        if (completed.PaymentIntentId is { } paymentIntent && !State.Purchases.ContainsKey(paymentIntent))
        {
            // What a refund of this payment needs, written while the credits are granted rather than after: both apply
            // once (the grant by its id, this by its key), and the event is marked handled only once both are done, so
            // either failing is repaired by Stripe's next delivery. One commit's wait instead of two on every purchase.
            State.Purchases[paymentIntent] = new PaidPurchase(completed.CheckoutSessionId, completed.PackId, granted, completed.AmountTotal, 0);
            await Task.WhenAll(grant, store.WriteOrReloadAsync(this));
        }
        else
        {
            await grant;
        }

        return PaymentOutcome.Applied;
    }

    private async Task<PaymentOutcome> InvoicePaidAsync(InvoicePaid paid)
    {
        // The plan the invoice's subscription metadata names, or else the user's own subscription's, when the invoice
        // is for it (or does not say which it is for).
        var planId = paid.PlanId ?? (paid.SubscriptionId is null || paid.SubscriptionId == State.SubscriptionId ? State.PlanId : null);
        if (planId is null || Offers.Plan(planId) is not { } plan)
        {
            // Its subscription's checkout.session.completed has not come yet: Stripe delivers this one again later.
            return PaymentOutcome.NotYetAttributable;
        }

        await Credits.CreditAsync($"stripe:invoice:{paid.InvoiceId}", plan.CreditsPerMonth, LedgerKinds.Subscription, plan.Name);
        var changed = State.SubscriptionId is null || State.PlanId is null;
        State.SubscriptionId ??= paid.SubscriptionId;
        State.PlanId ??= planId;
        if (State.StatusAt is null)
        {
            // Paid, and no status event yet: it is active until one says otherwise.
            State.Status = SubscriptionStatuses.Active;
            State.CurrentPeriodEnd ??= paid.PeriodEnd;
            changed = true;
        }

        if (changed)
        {
            await store.WriteOrReloadAsync(this);
        }

        return PaymentOutcome.Applied;
    }

    private async Task<PaymentOutcome> ChangeStatusAsync(string? subscriptionId, string? planId, string? status, DateTimeOffset? periodEnd, DateTimeOffset at, bool deleted)
    {
        if (subscriptionId is not null && State.SubscriptionId is not null && subscriptionId != State.SubscriptionId && !deleted && State.Status == SubscriptionStatuses.Active)
        {
            // Another, older subscription of this customer: the active one speaks for the user.
            logger.LogWarning("A change to subscription {Subscription} of {UserId}, whose subscription is {Current}: left alone", subscriptionId, UserId, State.SubscriptionId);
            return PaymentOutcome.Ignored;
        }

        if (status is null || (State.StatusAt is { } known && (at < known || (at == known && State.Status == SubscriptionStatuses.Canceled))))
        {
            // Older than what set the status (or, at the same second, after its end): it says nothing new.
            return PaymentOutcome.AlreadyHandled;
        }

        State.SubscriptionId = subscriptionId ?? State.SubscriptionId;
        State.PlanId = planId ?? State.PlanId;
        State.Status = status;
        State.CurrentPeriodEnd = periodEnd ?? State.CurrentPeriodEnd;
        State.StatusAt = at;
        await store.WriteOrReloadAsync(this);
        return PaymentOutcome.Applied;
    }

    private async Task<PaymentOutcome> RefundedAsync(ChargeRefunded refunded)
    {
        if (refunded.PaymentIntentId is not { } paymentIntent || !State.Purchases.TryGetValue(paymentIntent, out var purchase))
        {
            // Not a pack's payment known here yet (its checkout.session.completed may still be on its way).
            return refunded.PaymentIntentId is null ? PaymentOutcome.Ignored : PaymentOutcome.NotYetAttributable;
        }

        if (refunded.AmountRefunded <= purchase.Refunded)
        {
            return PaymentOutcome.AlreadyHandled;
        }

        // The refunded share of the credits, by the running total Stripe reports, so that partial refunds in any
        // order take back exactly their shares once.
        var amount = Math.Max(1, purchase.Amount);
        var due = Share(purchase.Credits, Math.Min(refunded.AmountRefunded, amount), amount) - Share(purchase.Credits, purchase.Refunded, amount);
        var taken = await Credits.ClawbackAsync(
            $"stripe:refund:{refunded.ChargeId}:{refunded.AmountRefunded}",
            due,
            $"Refund of {Offers.Pack(purchase.PackId)?.Name ?? purchase.PackId}");
        State.Purchases[paymentIntent] = purchase with { Refunded = refunded.AmountRefunded };
        await store.WriteOrReloadAsync(this);
        logger.LogInformation("Refund on {Charge} for {UserId}: {Due} credits due back, {Taken} taken", refunded.ChargeId, UserId, due, taken.Taken);
        return PaymentOutcome.Applied;
    }

    private static int Share(int credits, long part, long whole) => (int)(credits * part / whole);

    /// <summary>The user's Stripe customer, created once (the idempotency key is the user's) and remembered in the table events are attributed by.</summary>
    private async Task<string> CustomerAsync()
    {
        if (State.CustomerId is { } known)
        {
            return known;
        }

        var customer = await gateway.CreateCustomerAsync(UserId, null, $"customer:{UserId}", CancellationToken.None);
        await records.RememberCustomerAsync(customer, UserId, clock.GetUtcNow(), CancellationToken.None);
        State.CustomerId = customer;
        await store.WriteOrReloadAsync(this);
        return customer;
    }

    private ICreditGrain Credits => GrainFactory.GetGrain<ICreditGrain>(UserId);

    private const string PaymentsOff = "payments are off: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are not both set";
}
