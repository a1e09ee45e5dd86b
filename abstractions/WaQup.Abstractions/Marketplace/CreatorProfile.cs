namespace WaQup.Abstractions.Marketplace;

/// <summary>A creator's public profile; <see cref="CreatorId"/> is public, the user id behind it is not.</summary>
[GenerateSerializer, Immutable, Alias("waqup.CreatorProfile")]
public sealed record CreatorProfile(string CreatorId, string DisplayName, string Bio);
