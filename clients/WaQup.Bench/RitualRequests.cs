using System.Text.Json;

namespace WaQup.Bench;

/// <summary>The rituals the voices benchmark asks for: <c>ritual.request</c> with <c>confirm</c>, one minute each.</summary>
public static class RitualRequests
{
    /// <summary>
    /// What the capacity steps' sessions ask for: a meditation, each session's topic the next of these, so that listeners'
    /// scripts differ as they would (each ritual also has its own seed) and speech is not shared between them.
    /// </summary>
    public static readonly IReadOnlyList<string> CapacityTopics =
    [
        "sleeping well", "my exam tomorrow", "confidence at work", "a calm morning", "letting go of worry",
        "my job interview", "feeling grounded", "being kind to myself", "a fresh start", "slowing down",
        "my first day at a new job", "feeling rested",
    ];

    /// <summary>The capacity steps' request of session <paramref name="index"/>.</summary>
    public static (string Kind, string Topic) Capacity(int index) => ("meditation", CapacityTopics[index % CapacityTopics.Count]);

    /// <summary>What the intelligibility part asks each voice for, in this order: every kind once, then more topics.</summary>
    public static readonly IReadOnlyList<(string Kind, string Topic)> Intelligibility =
    [
        ("meditation", "sleeping well"),
        ("affirmation", "confidence at work"),
        ("ritual", "a calm morning"),
        ("meditation", "my exam tomorrow"),
        ("affirmation", "being kind to myself"),
        ("ritual", "winding down after work"),
    ];

    /// <summary>The event that asks for it in <paramref name="voice"/>'s voice (espeak-ng's default needs no name).</summary>
    public static string Json((string Kind, string Topic) ritual, EmbeddedVoice voice) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "ritual.request",
            ["kind"] = ritual.Kind,
            ["topic"] = ritual.Topic,
            ["duration_minutes"] = 1,
            ["voice"] = voice.Voice,
            ["confirm"] = true,
        });
}
