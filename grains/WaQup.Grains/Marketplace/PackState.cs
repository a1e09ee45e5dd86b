using WaQup.Abstractions.Marketplace;

namespace WaQup.Grains.Marketplace;

/// <summary>A pack as its grain keeps it; <see cref="CreatorUserId"/> is null until the pack is created.</summary>
[GenerateSerializer, Alias("waqup.PackState")]
public sealed class PackState
{
    [Id(0)] public string? CreatorUserId { get; set; }
    [Id(1)] public string CreatorId { get; set; } = "";
    [Id(2)] public string Title { get; set; } = "";
    [Id(3)] public string Description { get; set; } = "";
    [Id(4)] public List<string> Tags { get; set; } = [];
    [Id(5)] public int PriceCredits { get; set; }
    [Id(6)] public string Status { get; set; } = PackStatuses.Draft;

    /// <summary>The rituals in order, as they were when put in the pack (kind, title, length and script for the catalog).</summary>
    [Id(7)] public List<PackRitual> Rituals { get; set; } = [];
    [Id(8)] public DateTimeOffset CreatedAt { get; set; }
    [Id(9)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The first publication: unpublishing and publishing again keeps it.</summary>
    [Id(10)] public DateTimeOffset? PublishedAt { get; set; }
}
