using WaQup.Abstractions.Protocol;
using static WaQup.Abstractions.Protocol.SessionState;

namespace WaQup.Grains.Sessions.Dialogue;

/// <summary>The states and transitions of PROTOCOL.md in one place.</summary>
public static class DialogueMachine
{
    private static readonly Dictionary<SessionState, SessionState[]> Transitions = new()
    {
        [Greeting] = [Listening, Clarifying, Confirming, Generating, Ended],
        [Listening] = [Clarifying, Confirming, Generating, Ended],
        [Clarifying] = [Listening, Confirming, Generating, Ended],
        [Confirming] = [Listening, Clarifying, Generating, Ended],
        // A ritual being made ends in reviewing, or back in listening when it is cancelled or fails.
        [Generating] = [Speaking, Listening, Ended],
        [Speaking] = [Reviewing, Listening, Ended],
        [Reviewing] = [Listening, Clarifying, Confirming, Generating, Ended],
        [Ended] = [],
    };

    /// <summary>The states in which a person may ask for something (text, audio, a structured request).</summary>
    public static bool AcceptsInput(SessionState state) =>
        state is Greeting or Listening or Clarifying or Confirming or Reviewing;

    /// <summary>While a ritual is made, only a cancel, acks and the end are accepted.</summary>
    public static bool IsProducing(SessionState state) => state is Generating or Speaking;

    public static bool CanMove(SessionState from, SessionState to) => Transitions[from].Contains(to);
}
