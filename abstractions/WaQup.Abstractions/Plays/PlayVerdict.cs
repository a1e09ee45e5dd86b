namespace WaQup.Abstractions.Plays;

/// <summary>What became of a player event.</summary>
[GenerateSerializer, Alias("waqup.PlayVerdict")]
public enum PlayVerdict
{
    /// <summary>Taken: the play moved on (and may have counted or completed).</summary>
    Accepted,

    /// <summary>Heard but not counted: it ran faster than the time since the start allows, or a completion came before the end.</summary>
    NotCounted,

    /// <summary>No such ritual.</summary>
    NotFound,

    /// <summary>A ritual the caller may not play.</summary>
    Forbidden,

    /// <summary>A progress or completion with no play of that ritual started.</summary>
    NoPlayStarted,

    /// <summary>A position past the ritual's end.</summary>
    BeyondEnd,
}
