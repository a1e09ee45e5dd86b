using WaQup.Client;

namespace WaQup.Load;

/// <summary>What the voice scenario says: requests that make a ritual, and answers that confirm it.</summary>
public sealed record VoiceLines(IReadOnlyList<VoiceLine> Requests, IReadOnlyList<VoiceLine> Answers)
{
    /// <summary>Said with flite when the run asks for <c>--voice flite</c>: complete requests (kind, topic, length) of 2 credits at most.</summary>
    public static readonly string[] FliteRequests =
    [
        "an affirmation set for confidence at work one minute",
        "i would like a guided meditation for sleep two minutes",
    ];

    public static readonly string[] FliteAnswers = ["yes please"];

    /// <summary>From <c>flite</c> (made now) or a folder holding <c>request*.wav</c> and <c>yes*.wav</c>.</summary>
    public static async Task<VoiceLines> LoadAsync(string source, CancellationToken cancellationToken)
    {
        if (source == "flite")
        {
            return new VoiceLines(await FliteAsync("request", FliteRequests, cancellationToken), await FliteAsync("yes", FliteAnswers, cancellationToken));
        }

        return new VoiceLines(await FromFolderAsync(source, "request*.wav", cancellationToken), await FromFolderAsync(source, "yes*.wav", cancellationToken));
    }

    private static async Task<IReadOnlyList<VoiceLine>> FliteAsync(string name, string[] texts, CancellationToken cancellationToken)
    {
        var lines = new List<VoiceLine>();
        for (var i = 0; i < texts.Length; i++)
        {
            lines.Add(await VoiceLine.FliteAsync($"{name}-{i + 1}", texts[i], cancellationToken: cancellationToken));
        }

        return lines;
    }

    private static async Task<IReadOnlyList<VoiceLine>> FromFolderAsync(string folder, string pattern, CancellationToken cancellationToken)
    {
        var files = Directory.GetFiles(folder, pattern).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"no {pattern} in {folder}: the voice scenario needs at least one");
        }

        var lines = new List<VoiceLine>();
        foreach (var file in files)
        {
            lines.Add(await VoiceLine.FromWavAsync(file, cancellationToken));
        }

        return lines;
    }
}
