namespace WaQup.Grains.Marketplace;

/// <summary>
/// A purchase written down before any credits move: everything needed to finish it the same way after a crash (the
/// price and share as they were, the day it counts on, and the key whose answer it becomes).
/// </summary>
[GenerateSerializer, Immutable, Alias("waqup.PendingPurchase")]
public sealed record PendingPurchase(
    string PackId,
    string Title,
    int Price,
    string CreatorId,
    string CreatorUserId,
    int CreatorShare,
    DateTimeOffset At,
    string AnswerKey);
