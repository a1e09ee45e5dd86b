namespace WaQup.Bench;

/// <summary>Who says what in the recognition benchmark: the single session's takes, each crowd session's, and how long a person thinks between.</summary>
public sealed record RecognitionPlan(IReadOnlyList<TakeLine> Single, IReadOnlyList<IReadOnlyList<TakeLine>> Crowd, TimeSpan Think)
{
    /// <summary>Every distinct take the plan says.</summary>
    public IReadOnlyList<TakeLine> Lines => [.. Single.Concat(Crowd.SelectMany(c => c)).Distinct()];

    public async Task<IReadOnlyDictionary<TakeLine, SpokenTake>> SynthesizeAsync(CancellationToken cancellationToken)
    {
        var lines = Lines;
        var takes = await SpokenTake.SynthesizeAllAsync(lines, cancellationToken);
        return takes.ToDictionary(t => t.Line);
    }
}
