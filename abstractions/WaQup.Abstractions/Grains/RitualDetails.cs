namespace WaQup.Abstractions.Grains;

/// <summary>Everything known about one saved ritual.</summary>
[GenerateSerializer, Immutable, Alias("waqup.RitualDetails")]
public sealed record RitualDetails(
    string RitualId,
    string OwnerId,
    string Kind,
    string Title,
    long DurationMs,
    DateTimeOffset CreatedAt,
    string Script,
    string Voice,
    string AudioBlobKey,
    string AudioContentType,
    bool IsPublic,
    int CreditsCharged);
