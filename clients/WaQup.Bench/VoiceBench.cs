namespace WaQup.Bench;

/// <summary>
/// (f) The embedded voices, flite's three against espeak-ng (the voice it replaced): how fast each speaks, how well an
/// independent recogniser understands its saved rituals, and how many rituals at once it sustains at pace 8.
/// </summary>
public static class VoiceBench
{
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var rows = new List<BenchRow>();
        progress($"voices: synthesis speed, {options.VoiceRounds} rounds of {options.VoiceSentences} sentences per voice");
        rows.AddRange(await VoiceSpeedBench.RunAsync(options.VoiceRounds, options.VoiceSentences, progress, cancellationToken));
        progress($"voices: intelligibility, {options.VoiceRituals} rituals per voice");
        rows.AddRange(await VoiceClarityBench.RunAsync(options, progress, cancellationToken));
        foreach (var voice in new[] { EmbeddedVoice.All[0], EmbeddedVoice.Espeak })
        {
            progress($"voices: capacity of {voice.Label} at pace {VoiceCapacityBench.Pace}, up to {options.VoiceMaxSessions} at once");
            rows.AddRange(await VoiceCapacityBench.RunAsync(options, voice, progress, cancellationToken));
        }

        return rows;
    }
}
