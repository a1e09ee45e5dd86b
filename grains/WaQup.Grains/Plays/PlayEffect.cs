namespace WaQup.Grains.Plays;

/// <summary>
/// What a play's counting or completion does outside the listener's grain: written to its state first, then applied,
/// each step once (the play row by its id, the reward by its ledger id), so that a crash in between is finished later.
/// </summary>
/// <param name="Reward">Credits for the creator (a completion's; 0 when none is due).</param>
[GenerateSerializer, Immutable, Alias("waqup.PlayEffect")]
public sealed record PlayEffect(
    PlayEffectKind Kind,
    string PlayId,
    string RitualId,
    string? PackId,
    string? PackTitle,
    string? CreatorId,
    string? CreatorUserId,
    DateOnly Day,
    DateTimeOffset At,
    int Reward,
    bool ReturnBonus);
