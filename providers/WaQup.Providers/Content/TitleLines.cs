using WaQup.Abstractions.Protocol;
namespace WaQup.Providers.Content;

/// <summary>Library titles: {T} is the topic in second person, capitalised; {m} the minutes in digits.</summary>
internal static class TitleLines
{
    public const int MaxLength = 80;

    public static readonly IReadOnlyDictionary<RitualKind, string[]> Plain = new Dictionary<RitualKind, string[]>
    {
        [RitualKind.Affirmation] =
        [
            "Affirmations for {t} — {m} min",
            "{T}: {m}-minute affirmations",
            "Words for {t} — {m}-minute affirmation set",
            "I am ready: affirmations for {t}",
            "Kind words for {t} ({m} min)",
        ],
        [RitualKind.Meditation] =
        [
            "{T} — {m}-minute meditation",
            "{T}: a {m}-minute meditation",
            "Breathing space for {t} ({m} min)",
            "A {m}-minute meditation for {t}",
            "Meditation for {t} — {m} min",
        ],
        [RitualKind.Ritual] =
        [
            "{m}-minute ritual for {t}",
            "{T} — {m}-minute ritual",
            "A daily ritual for {t} ({m} min)",
            "Step by step: {t} — {m}-minute ritual",
        ],
    };

    public static readonly IReadOnlyDictionary<RitualKind, string[]> WithName = new Dictionary<RitualKind, string[]>
    {
        [RitualKind.Affirmation] = ["{name}'s affirmations for {t} — {m} min"],
        [RitualKind.Meditation] = ["{name}'s meditation for {t} — {m} min"],
        [RitualKind.Ritual] = ["{name}'s {m}-minute ritual for {t}"],
    };
}
