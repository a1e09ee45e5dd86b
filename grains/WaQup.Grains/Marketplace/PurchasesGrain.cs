using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Marketplace;
using WaQup.Grains.Configuration;
using WaQup.Grains.Credits;
using WaQup.Grains.Persistence;

namespace WaQup.Grains.Marketplace;

/// <summary>
/// One listener's pack purchases, one at a time. A purchase is written down first (its intent), then applied in
/// steps that are each idempotent by their own id: the debit on the buyer's ledger (operation <c>pack:{pack}</c>),
/// the creator's reward (operation <c>pack:{pack}:buyer:{hash}</c> on the creator's ledger), the ownership row with
/// its counts (primary key pack and buyer). An intent left by a crash is finished on activation or on the next call,
/// so every step applies exactly once. docs/marketplace.md tells the whole story.
/// </summary>
public sealed class PurchasesGrain(
    [PersistentState("purchases", "waqup")] IPersistentState<PurchasesState> store,
    IMarketplaceRecords records,
    IOptions<MarketplaceOptions> options,
    TimeProvider clock,
    ILogger<PurchasesGrain> logger) : Grain, IPurchasesGrain
{
    /// <summary>
    /// How many keys' answers are kept. An older key asked again finds the pack owned and answers 0 charged: still
    /// nothing charged twice, only the first answer's figure forgotten.
    /// </summary>
    private const int AnswersKept = 256;

    private PurchasesState State => store.State;

    private string BuyerId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FinishPendingAsync();
        }
        catch (Exception error)
        {
            // Left written down: the next call finishes it.
            logger.LogWarning(error, "Could not finish the pending purchase of {BuyerId} on activation", BuyerId);
        }
    }

    public async Task<PurchaseOutcome> PurchaseAsync(string packId, string idempotencyKey)
    {
        await FinishPendingAsync();
        var answerKey = $"{packId}\n{idempotencyKey}";
        if (State.Answers.TryGetValue(answerKey, out var answered))
        {
            return new PurchaseOutcome(PurchaseAnswer.Owned, answered, null);
        }

        if (await GrainFactory.GetGrain<IPackGrain>(packId).GetSaleAsync() is not { } sale)
        {
            return new PurchaseOutcome(PurchaseAnswer.NotFound, 0, "no published pack of that id");
        }

        if (sale.CreatorUserId == BuyerId || await records.OwnsAsync(packId, BuyerId, CancellationToken.None))
        {
            Remember(answerKey, 0);
            await store.WriteOrReloadAsync(this);
            return new PurchaseOutcome(PurchaseAnswer.Owned, 0, null);
        }

        State.Pending = new PendingPurchase(
            packId,
            sale.Title,
            sale.PriceCredits,
            sale.CreatorId,
            sale.CreatorUserId,
            options.Value.ShareOf(sale.PriceCredits),
            clock.GetUtcNow(),
            answerKey);
        await store.WriteOrReloadAsync(this);
        return await ApplyAsync(State.Pending)
            ? new PurchaseOutcome(PurchaseAnswer.Owned, sale.PriceCredits, null)
            : new PurchaseOutcome(PurchaseAnswer.ShortOfCredits, 0, $"the pack costs {sale.PriceCredits} credits; buy more credits first");
    }

    private async Task FinishPendingAsync()
    {
        if (State.Pending is { } pending)
        {
            await ApplyAsync(pending);
        }
    }

    /// <summary>Applies every step of the purchase (each once, whatever ran before); false when the buyer's credits are short.</summary>
    private async Task<bool> ApplyAsync(PendingPurchase purchase)
    {
        if (purchase.Price > 0)
        {
            var debit = await GrainFactory.GetGrain<ICreditGrain>(BuyerId)
                .DebitAsync($"pack:{purchase.PackId}", purchase.Price, LedgerKinds.PackPurchase, $"pack \"{purchase.Title}\"");
            if (!debit.Applied)
            {
                // Nothing moved: forgotten, so that the same key succeeds once credits are bought.
                State.Pending = null;
                await store.WriteOrReloadAsync(this);
                return false;
            }
        }

        if (purchase.CreatorShare > 0)
        {
            await GrainFactory.GetGrain<ICreditGrain>(purchase.CreatorUserId).CreditAsync(
                $"pack:{purchase.PackId}:buyer:{BuyerToken()}", purchase.CreatorShare, LedgerKinds.Reward, $"a purchase of \"{purchase.Title}\"");
        }

        await records.RecordPurchaseAsync(
            new PurchaseRecord(purchase.PackId, BuyerId, purchase.Price, purchase.CreatorId, purchase.CreatorShare, purchase.At),
            CancellationToken.None);
        State.Pending = null;
        Remember(purchase.AnswerKey, purchase.Price);
        await store.WriteOrReloadAsync(this);
        return true;
    }

    private void Remember(string answerKey, int charged)
    {
        if (!State.Answers.TryAdd(answerKey, charged))
        {
            return;
        }

        State.AnswerOrder.Add(answerKey);
        while (State.AnswerOrder.Count > AnswersKept)
        {
            State.Answers.Remove(State.AnswerOrder[0]);
            State.AnswerOrder.RemoveAt(0);
        }
    }

    /// <summary>The buyer as the creator's ledger names them: a digest, since a user id never reaches another user.</summary>
    private string BuyerToken() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(BuyerId)))[..24];
}
