namespace WaQup.Abstractions.Grains;

/// <summary>One change to a balance; <see cref="Amount"/> is what it added to (or took from) the balance.</summary>
/// <param name="Kind">grant, reserve, commit, refund, purchase, subscription, clawback, pack_purchase or reward.</param>
[GenerateSerializer, Immutable, Alias("waqup.LedgerEntry")]
public sealed record LedgerEntry(string Id, string Kind, int Amount, DateTimeOffset At, string Reason);
