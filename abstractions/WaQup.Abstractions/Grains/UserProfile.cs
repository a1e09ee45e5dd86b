namespace WaQup.Abstractions.Grains;

/// <summary>Who a person is and how they like their rituals.</summary>
[GenerateSerializer, Immutable, Alias("waqup.UserProfile")]
public sealed record UserProfile(string UserId, string DisplayName, Preferences Preferences);
