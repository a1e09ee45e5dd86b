using System.Diagnostics;
using WaQup.Abstractions.Protocol;
using WaQup.Providers.Audio;
using WaQup.Providers.Content;
using WaQup.Providers.Speech;

namespace WaQup.Bench;

/// <summary>
/// (f, first part) How fast each embedded voice speaks: the same script sentences (the built-in writer's, fixed seeds)
/// synthesised one after another in this process through the provider classes the silo uses, in rounds. The figure is
/// seconds of audio per CPU-second (this process and the espeak-ng processes it starts), median and range over the rounds.
/// </summary>
public static class VoiceSpeedBench
{
    /// <summary>The sentences every voice says: a three-minute meditation's and a one-minute affirmation set's, each once.</summary>
    public static IReadOnlyList<string> Sentences(int count)
    {
        var writer = new BuiltInScriptWriter();
        RitualSpec[] specs =
        [
            new(RitualKind.Meditation, "sleeping well", 3, null, "en", Seed: 7),
            new(RitualKind.Affirmation, "confidence at work", 1, null, "en", Seed: 7),
        ];
        return [.. specs.SelectMany(writer.Plan).Select(p => p.Piece.Text).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().Take(count)];
    }

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(int rounds, int sentenceCount, Action<string> progress, CancellationToken cancellationToken)
    {
        var sentences = Sentences(sentenceCount);
        var rows = new List<BenchRow>();
        foreach (var voice in EmbeddedVoice.All)
        {
            var synthesizer = voice.Synthesizer();
            // The voice's library loads and the code paths compile: not measured.
            await SpeakAsync(synthesizer, voice.Voice, sentences.Take(2), cancellationToken);
            var perCpu = new List<double>();
            var perWall = new List<double>();
            double audio = 0;
            for (var round = 0; round < rounds; round++)
            {
                var cpuBefore = ProcessCpu.Seconds();
                var clock = Stopwatch.StartNew();
                audio = await SpeakAsync(synthesizer, voice.Voice, sentences, cancellationToken);
                var wall = clock.Elapsed.TotalSeconds;
                perCpu.Add(audio / Math.Max(ProcessCpu.Seconds() - cpuBefore, 0.01));
                perWall.Add(audio / wall);
            }

            var speed = Spread.Of(perCpu);
            progress($"voices: {voice.Label} speaks {speed.Median:N0} s of audio per CPU-second");
            rows.Add(new BenchRow(
                "voices: speed",
                voice.Label,
                $"{speed.Format("N0", "×")} real time per core; {Spread.Of(perWall).Format("N0", "×")} by the clock ({sentences.Count} sentences, {audio:N0} s of audio a round, median (range) of {rounds} rounds)"));
        }

        return rows;
    }

    /// <summary>Says every sentence in turn; returns the seconds of audio made.</summary>
    private static async Task<double> SpeakAsync(ISpeechSynthesizer synthesizer, string voice, IEnumerable<string> sentences, CancellationToken cancellationToken)
    {
        long bytes = 0;
        foreach (var sentence in sentences)
        {
            await foreach (var chunk in synthesizer.SynthesizeAsync(sentence, voice, cancellationToken))
            {
                bytes += chunk.Length;
            }
        }

        return bytes / 2.0 / AudioFormat.SampleRate;
    }
}
