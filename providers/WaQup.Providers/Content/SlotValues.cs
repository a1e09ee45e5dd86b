using WaQup.Abstractions.Protocol;
namespace WaQup.Providers.Content;

/// <summary>What is known so far about the ritual a person wants; null means not yet known.</summary>
/// <param name="Topic">What it is for, as a short phrase in the person's words ("my job interview"), never a whole sentence.</param>
/// <param name="Feeling">How they feel about it ("nervous"), one of <see cref="NeedParts.Feelings"/>.</param>
/// <param name="Moment">When it is ("tomorrow", "on Friday").</param>
public sealed record SlotValues(RitualKind? Kind, string? Topic, int? DurationMinutes, string? Voice, string? Feeling = null, string? Moment = null)
{
    public static SlotValues Empty { get; } = new(null, null, null, null);

    /// <summary>The topic with its moment, as the person would say it: "my job interview tomorrow".</summary>
    public string? TopicAndMoment => Topic is null ? null : Moment is null ? Topic : $"{Topic} {Moment}";
}
