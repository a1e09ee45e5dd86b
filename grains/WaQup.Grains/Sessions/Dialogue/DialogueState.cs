using WaQup.Abstractions.Protocol;

namespace WaQup.Grains.Sessions.Dialogue;

/// <summary>What the dialogue knows: its state, the slots gathered so far, and the quote on the table.</summary>
public sealed record DialogueState(SessionState State, SessionSlots Slots, RitualOrder? Quote)
{
    public static DialogueState Greeting { get; } = new(SessionState.Greeting, SessionSlots.Empty, null);
}
