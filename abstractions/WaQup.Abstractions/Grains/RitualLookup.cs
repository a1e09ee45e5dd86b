namespace WaQup.Abstractions.Grains;

/// <summary>The answer to "may this caller see this ritual", with the ritual when allowed.</summary>
[GenerateSerializer, Immutable, Alias("waqup.RitualLookup")]
public sealed record RitualLookup(RitualAccess Access, RitualDetails? Ritual);
