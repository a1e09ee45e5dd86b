using System.Globalization;
using WaQup.Client;

namespace WaQup.Probe;

/// <summary>What a probe measured, turn by turn, and its summary.</summary>
public sealed class ProbeReport
{
    public List<double> ConnectToReadyMs { get; } = [];

    /// <summary>From the "yes" (sent as text, or the end of its speech) to the ritual's first audio frame.</summary>
    public List<double> ConfirmToAudioMs { get; } = [];

    /// <summary>Every utterance spoken, in order; empty when the probe typed.</summary>
    public List<SpokenTurn> Spoken { get; } = [];

    public static string Summary(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return "none";
        }

        var sorted = values.Order().ToList();
        // Nearest rank: with fewer than 100 values the p99 is the largest.
        var p99 = sorted[(int)Math.Ceiling(sorted.Count * 0.99) - 1];
        return string.Create(CultureInfo.InvariantCulture, $"min {sorted[0]:F1}, p50 {sorted[sorted.Count / 2]:F1}, p99 {p99:F1}, max {sorted[^1]:F1}");
    }

    public static string Line(SpokenTurn spoken) => string.Create(CultureInfo.InvariantCulture,
        $"turn {spoken.Turn} {spoken.Line} \"{spoken.Heard}\": end of speech -> speech_stopped {spoken.SpeechEndToStoppedMs:F1} ms, speech_stopped -> final transcript {spoken.StoppedToFinalMs:F1} ms, end of speech -> final transcript {spoken.SpeechEndToFinalMs:F1} ms, final transcript -> first audio {spoken.FinalToAudioMs:F1} ms");

    public void Print(TextWriter output, int turns)
    {
        output.WriteLine($"turns: {turns}");
        output.WriteLine($"connect to session.ready ms: {Summary(ConnectToReadyMs)}");
        output.WriteLine($"confirmation to first audio frame ms: {Summary(ConfirmToAudioMs)}{(Spoken.Count > 0 ? " (from the end of the spoken yes)" : "")}");
        if (Spoken.Count == 0)
        {
            return;
        }

        output.WriteLine($"end of speech to speech_stopped ms: {Summary([.. Spoken.Select(s => s.SpeechEndToStoppedMs)])}");
        output.WriteLine($"speech_stopped to final transcript ms: {Summary([.. Spoken.Select(s => s.StoppedToFinalMs)])}");
        output.WriteLine($"end of speech to final transcript ms: {Summary([.. Spoken.Select(s => s.SpeechEndToFinalMs)])}");
        output.WriteLine($"final transcript to first audio frame ms: {Summary([.. Spoken.Select(s => s.FinalToAudioMs)])}");
        output.WriteLine($"end of speech to first audio frame ms: {Summary([.. Spoken.Select(s => s.SpeechEndToAudioMs)])}");
        var known = Spoken.Where(s => s.Said is not null).ToList();
        var words = known.Sum(s => TranscriptCheck.Words(s.Said!).Length);
        var errors = known.Sum(s => TranscriptCheck.WordErrors(s.Said!, s.Heard));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"transcripts: {Spoken.Count}, as said {known.Count(s => TranscriptCheck.WordErrors(s.Said!, s.Heard) == 0)} of {known.Count} known, word errors {errors} of {words} words"));
    }
}
