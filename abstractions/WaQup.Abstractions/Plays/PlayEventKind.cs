namespace WaQup.Abstractions.Plays;

/// <summary>What a player reports of a play (<c>POST /v1/plays</c>'s <c>event</c>).</summary>
[GenerateSerializer, Alias("waqup.PlayEventKind")]
public enum PlayEventKind
{
    Start,
    Progress,
    Complete,
}
