namespace WaQup.Tests.Catalog;

/// <summary>A pack row as a test wants it; what it does not say is a plain published meditation of ten minutes.</summary>
public sealed record TestPack(string Title)
{
    public string? PackId { get; init; }

    public string Description { get; init; } = "A quiet practice.";

    public string[] Tags { get; init; } = [];

    public string[] Scripts { get; init; } = ["Breathe in. Breathe out."];

    public string[] Kinds { get; init; } = ["meditation"];

    public long TotalMs { get; init; } = 10 * 60_000;

    public string Status { get; init; } = "published";

    public DateTimeOffset? PublishedAt { get; init; }

    public long Plays { get; init; }

    public long Purchases { get; init; }

    public int[] Stars { get; init; } = [];

    public int PriceCredits { get; init; }

    public string? CreatorId { get; init; }

    public string? CreatorUserId { get; init; }
}
