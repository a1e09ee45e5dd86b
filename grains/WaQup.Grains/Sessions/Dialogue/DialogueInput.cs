using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Sessions.Dialogue;

/// <summary>
/// A cue with what it carries: slots heard or requested, an answer, what the person said aloud, and the person's
/// profile where a line or an order needs it.
/// </summary>
public sealed record DialogueInput(
    Cue Cue,
    UserProfile? Profile = null,
    SessionSlots? Slots = null,
    bool Accept = false,
    bool Confirm = false,
    bool SpeakGreeting = true,
    bool ReplyAudible = false,
    string? Transcript = null,
    WaQup.Providers.Content.CrisisKind? Crisis = null)
{
    public static implicit operator DialogueInput(Cue cue) => new(cue);
}
