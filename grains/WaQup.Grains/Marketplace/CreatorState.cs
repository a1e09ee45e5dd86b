namespace WaQup.Grains.Marketplace;

/// <summary>A creator's profile; <see cref="CreatorId"/> is null until the person becomes a creator, then never changes.</summary>
[GenerateSerializer, Alias("waqup.CreatorState")]
public sealed class CreatorState
{
    [Id(0)] public string? CreatorId { get; set; }
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public string Bio { get; set; } = "";
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
}
