namespace WaQup.Abstractions.Grains;

/// <summary>Who a person is and how they like their rituals.</summary>
/// <param name="Name">
/// What the person is called, from <c>PATCH /v1/me</c> or their token's <c>name</c> claim; null until one of them says.
/// The assistant speaks this, and nothing when it is null: never the user id.
/// </param>
[GenerateSerializer, Immutable, Alias("waqup.UserProfile")]
public sealed record UserProfile(string UserId, string? Name, Preferences Preferences)
{
    /// <summary>The name, or the user id when there is none yet (as <c>GET /v1/me</c> has always shown it); never spoken.</summary>
    public string DisplayName => Name ?? UserId;
}
