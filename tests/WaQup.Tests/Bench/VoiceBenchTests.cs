using System.Buffers.Binary;
using System.Diagnostics;
using WaQup.Bench;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Bench;

public sealed class VoiceBenchTests
{
    private static CapacityStep Step(int sessions, params double[] rates) => new(sessions, rates, Frames: 100, LateFrames: 0, FirstFrameP50Ms: 1, SiloCores: 1);

    [Fact]
    public void Capacity_is_the_last_step_before_the_first_that_falls_short_of_the_pace()
    {
        var verdict = CapacitySearch.Judge(
        [
            Step(1, 8.1),
            Step(2, 8.0, 7.9),
            Step(4, 7.9, 7.0, 8.1),
            // Noise: a larger step that keeps pace again after one that did not is not capacity.
            Step(8, 8.0, 7.9, 7.8, 7.7),
            Step(16, 3.0, 2.5, 0.8),
            Step(32, 0.9, 0.5, 0.0),
        ],
        pace: 8);

        Assert.Equal(new CapacityVerdict(MedianKeepsPace: 8, SlowestKeepsPace: 2, MedianUnderRealTime: 32, SlowestUnderRealTime: 16), verdict);
    }

    [Fact]
    public void A_voice_that_never_falls_behind_has_no_step_under_real_time()
    {
        var verdict = CapacitySearch.Judge([Step(1, 8), Step(2, 8, 8)], pace: 8);

        Assert.Equal(new CapacityVerdict(2, 2, null, null), verdict);
    }

    [Fact]
    public void The_search_grows_by_half_steps_up_to_its_limit_and_stops_once_the_median_ritual_is_slower_than_real_time()
    {
        Assert.Equal([1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 40], CapacitySearch.Steps(40));
        Assert.Equal([1, 2, 3, 4], CapacitySearch.Steps(4));
        Assert.True(CapacitySearch.Continue(Step(8, 1.2, 0.0, 1.5)));
        Assert.False(CapacitySearch.Continue(Step(8, 0.9, 0.0, 1.5)));
    }

    [Fact]
    public void A_ritual_paced_at_eight_times_real_time_is_delivered_at_eight()
    {
        // 1,500 frames of 40 ms (60 s of audio) arriving over 7.5 s.
        var first = Stopwatch.GetTimestamp();
        var last = first + (long)(7.5 * Stopwatch.Frequency);

        Assert.Equal(8.0, VoiceCapacityBench.DeliveryRate(1_500, first, last), 3);
    }

    [Fact]
    public void A_ritual_is_cut_into_utterances_at_its_pauses_and_short_gaps_inside_a_sentence_stay()
    {
        const int rate = 16_000;
        // 0.5 s quiet, 1 s of speech with a 100 ms gap inside, a 0.6 s pause, 0.4 s of speech, 0.2 s quiet.
        var pcm = Audio(rate, (500, 0), (460, 3000), (100, 0), (440, 3000), (600, 0), (400, 3000), (200, 0));

        var utterances = PauseSplitter.Utterances(pcm, rate, minPauseMs: 300, padMs: 100);

        var bytesPerMs = rate * 2 / 1000;
        Assert.Equal(2, utterances.Count);
        Assert.Equal(new Range(400 * bytesPerMs, 1_600 * bytesPerMs), utterances[0]);
        Assert.Equal(new Range(2_000 * bytesPerMs, 2_600 * bytesPerMs), utterances[1]);
        Assert.Empty(PauseSplitter.Utterances(Audio(rate, (1_000, 0)), rate));
    }

    [Fact]
    public void A_decoded_take_is_scored_against_the_ritual_script_by_its_words()
    {
        const string script = "Breathe in slowly. Let your shoulders soften, and rest.";

        var errors = WordErrorRate.Compare(script, "breathe in slowly let your shoulder soft and and rest");

        Assert.Equal(new WordErrors(Substitutions: 2, Deletions: 0, Insertions: 1, ReferenceWords: 9), errors);
    }

    [Fact]
    public void Children_cpu_time_is_read_from_proc_stat_even_when_the_name_holds_spaces()
    {
        const string stat = "4242 (Wa Qup (bench)) S 1 4242 4242 0 -1 4194304 100 0 0 0 150 30 250 70 20 0 1 0";

        Assert.Equal(3.2, ProcessCpu.ChildSeconds(stat), 6);
        Assert.Equal(0, ProcessCpu.ChildSeconds("garbage"));
    }

    [Fact]
    public void Median_and_range_are_reported_together()
    {
        var spread = Spread.Of([5, 1, 3, 40]);

        Assert.Equal(new Spread(4, 1, 40, 4), spread);
        Assert.Equal("4.0× (1.0–40.0×)", spread.Format("N1", "×"));
        Assert.Equal("7×", Spread.Of([7]).Format("N0", "×"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_voices_run_rewrites_its_own_block_and_leaves_the_main_figures_alone()
    {
        var options = BenchOptions.Parse(["--silo", "s.dll", "--postgres", "Host=x", "--only", "voices", "--quick"]);
        var path = Path.Combine(Directory.CreateTempSubdirectory("waqup-report-").FullName, "benchmarks.md");
        await BenchReport.WriteAsync(path, BenchReport.Render(options, [new BenchRow("density", "memory", "48 KB")], micro: null, TimeSpan.FromMinutes(1)));
        await BenchReport.WriteVoicesAsync(path, BenchReport.RenderVoices(options, [new BenchRow("voices: speed", "flite slt", "40×")], TimeSpan.FromMinutes(1)));
        await File.AppendAllTextAsync(path, "\nanalysis by hand\n", TestContext.Current.CancellationToken);

        await BenchReport.WriteVoicesAsync(path, BenchReport.RenderVoices(options, [new BenchRow("voices: speed", "flite slt", "44×")], TimeSpan.FromMinutes(1)));

        var text = await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
        Assert.Contains("| density | memory | 48 KB |", text);
        Assert.Contains("| voices: speed | flite slt | 44× |", text);
        Assert.DoesNotContain("40×", text);
        Assert.EndsWith("\nanalysis by hand\n", text);
        Assert.Single(text.Split(BenchReport.VoicesBegin)[1..]);
        Assert.Equal(["voices"], options.Only);
        Assert.DoesNotContain("voices", BenchOptions.Parse(["--silo", "s.dll", "--postgres", "Host=x"]).Only);
    }

    private static byte[] Audio(int rate, params (int Ms, short Amplitude)[] parts)
    {
        var samples = parts.Sum(p => p.Ms * rate / 1000);
        var pcm = new byte[samples * 2];
        var at = 0;
        foreach (var (ms, amplitude) in parts)
        {
            for (var i = 0; i < ms * rate / 1000; i++, at += 2)
            {
                // A square wave: its RMS is its amplitude.
                BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(at), (short)(i % 2 == 0 ? amplitude : -amplitude));
            }
        }

        return pcm;
    }
}
