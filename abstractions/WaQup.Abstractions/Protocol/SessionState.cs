namespace WaQup.Abstractions.Protocol;

/// <summary>The dialogue states of PROTOCOL.md, as they appear on the wire.</summary>
[GenerateSerializer, Alias("waqup.SessionState")]
public enum SessionState
{
    Greeting,
    Listening,
    Clarifying,
    Confirming,
    Generating,
    Speaking,
    Reviewing,
    Ended,
}
