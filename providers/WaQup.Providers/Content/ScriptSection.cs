using WaQup.Abstractions.Protocol;
namespace WaQup.Providers.Content;

/// <summary>The part of a script a sentence belongs to; which parts appear depends on the <see cref="RitualKind"/>.</summary>
public enum ScriptSection
{
    /// <summary>Greeting and framing before an affirmation set or a ritual's steps.</summary>
    Opening,

    /// <summary>The first-person affirmations themselves.</summary>
    Affirmations,

    /// <summary>A breath between rounds of a long affirmation set.</summary>
    Interlude,

    /// <summary>The last words of an affirmation set or a ritual.</summary>
    Closing,

    /// <summary>Meditation: settling in.</summary>
    Arrival,

    /// <summary>Meditation: attention on the breath.</summary>
    Breath,

    /// <summary>Meditation: the body scan.</summary>
    Body,

    /// <summary>Meditation: guided imagery about the topic.</summary>
    Imagery,

    /// <summary>Meditation: coming back to the room.</summary>
    Return,

    /// <summary>Ritual: one timed step; <see cref="PlannedPiece.Step"/> says which.</summary>
    Step,
}
