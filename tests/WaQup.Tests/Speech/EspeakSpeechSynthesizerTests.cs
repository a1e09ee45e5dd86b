using System.Diagnostics;
using WaQup.Providers.Audio;
using WaQup.Providers.Speech;
using WaQup.Tests.Audio;
using Xunit;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Speech;

public sealed class EspeakSpeechSynthesizerTests
{
    private const string Sentence = "The quick brown fox jumps over the lazy dog near the quiet river bank.";

    private static CancellationToken TestCancellation => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Espeak_speaks_a_sentence_with_real_energy_and_a_duration_that_fits_its_words()
    {
        RequireEspeak();

        var samples = Pcm.Samples(await SpeakAsync(new EspeakSpeechSynthesizer(), Sentence, "default"));

        var seconds = samples.Length / (double)AudioFormat.SampleRate;
        var expected = Sentence.Split(' ').Length / 160.0 * 60;
        Assert.InRange(seconds, expected * 0.4, expected * 2);
        Assert.True(Pcm.Rms(samples) > 500, $"RMS {Pcm.Rms(samples):F0} is too quiet to be speech.");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Espeak_audio_streams_out_long_before_a_long_text_is_finished()
    {
        RequireEspeak();
        var text = string.Join(' ', Enumerable.Repeat(Sentence, 12));
        var clock = Stopwatch.StartNew();
        TimeSpan? firstChunk = null;
        var bytes = 0L;

        await foreach (var chunk in new EspeakSpeechSynthesizer().SynthesizeAsync(text, "default", TestCancellation))
        {
            firstChunk ??= clock.Elapsed;
            bytes += chunk.Length;
        }

        Assert.True(firstChunk < clock.Elapsed / 3, $"First chunk after {firstChunk}, all done after {clock.Elapsed}.");
        Assert.True(bytes / 2.0 / AudioFormat.SampleRate > 30, "Twelve sentences should take well over 30 s to say.");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_first_chunk_arrives_while_the_process_is_still_running()
    {
        using var fake = FakeEspeak.SpeaksThenHangs();
        var synthesizer = new EspeakSpeechSynthesizer(new EspeakOptions { Path = fake.ExecutablePath });
        await using var chunks = synthesizer.SynthesizeAsync("Hello.", "default", TestCancellation).GetAsyncEnumerator(TestCancellation);

        Assert.True(await chunks.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5), TestCancellation));

        Assert.NotEqual(0, chunks.Current.Length);
        Assert.True(FakeEspeak.IsRunning(fake.ReadPid()));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Cancellation_kills_the_process_promptly_even_while_the_listener_is_busy_elsewhere()
    {
        using var fake = FakeEspeak.SpeaksThenHangs();
        var synthesizer = new EspeakSpeechSynthesizer(new EspeakOptions { Path = fake.ExecutablePath });
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestCancellation);
        await using var chunks = synthesizer.SynthesizeAsync("Hello.", "default", cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        Assert.True(await chunks.MoveNextAsync());
        var pid = fake.ReadPid();

        await cancellation.CancelAsync();

        await Until.TrueAsync(() => !FakeEspeak.IsRunning(pid), TimeSpan.FromSeconds(10), "the espeak-ng process is gone");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await chunks.MoveNextAsync());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Cancellation_during_a_read_ends_it_and_kills_the_process_promptly()
    {
        using var fake = FakeEspeak.SpeaksThenHangs();
        var synthesizer = new EspeakSpeechSynthesizer(new EspeakOptions { Path = fake.ExecutablePath });
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestCancellation);
        await using var chunks = synthesizer.SynthesizeAsync("Hello.", "default", cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        Assert.True(await chunks.MoveNextAsync());
        var pid = fake.ReadPid();

        // Once the fake's noise is drained, the next read waits on a silent pipe when the cancellation comes.
        var next = chunks.MoveNextAsync().AsTask();
        while (await Task.WhenAny(next, Task.Delay(300, TestCancellation)) == next)
        {
            Assert.True(await next);
            next = chunks.MoveNextAsync().AsTask();
        }

        var clock = Stopwatch.StartNew();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TimeSpan.FromSeconds(2), TestCancellation));

        await Until.TrueAsync(() => !FakeEspeak.IsRunning(pid), TimeSpan.FromSeconds(10), "the espeak-ng process is gone");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Took {clock.Elapsed} to stop.");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_listener_that_stops_early_kills_the_process()
    {
        using var fake = FakeEspeak.SpeaksThenHangs();
        var synthesizer = new EspeakSpeechSynthesizer(new EspeakOptions { Path = fake.ExecutablePath });

        await foreach (var _ in synthesizer.SynthesizeAsync("Hello.", "default", TestCancellation))
        {
            break;
        }

        await Until.TrueAsync(() => !FakeEspeak.IsRunning(fake.ReadPid()), TimeSpan.FromSeconds(10), "the espeak-ng process is gone");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_missing_binary_gives_SpeechUnavailableException()
    {
        var synthesizer = new EspeakSpeechSynthesizer(new EspeakOptions { Path = "/nonexistent/espeak-ng" });

        await Assert.ThrowsAsync<SpeechUnavailableException>(() => SpeakAsync(synthesizer, Sentence, "default"));
        await Assert.ThrowsAsync<SpeechUnavailableException>(() => SpeakAsync(synthesizer, Sentence, "en-gb"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_non_zero_exit_gives_SpeechUnavailableException_with_the_error_output()
    {
        using var fake = FakeEspeak.FailsWith(3);
        var synthesizer = new EspeakSpeechSynthesizer(new EspeakOptions { Path = fake.ExecutablePath });

        var failure = await Assert.ThrowsAsync<SpeechUnavailableException>(() => SpeakAsync(synthesizer, Sentence, "default"));

        Assert.Contains("voice exploded", failure.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_process_that_writes_no_audio_gives_SpeechUnavailableException()
    {
        using var fake = FakeEspeak.WritesOnlyAHeader();
        var synthesizer = new EspeakSpeechSynthesizer(new EspeakOptions { Path = fake.ExecutablePath });

        await Assert.ThrowsAsync<SpeechUnavailableException>(() => SpeakAsync(synthesizer, Sentence, "default"));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Unknown_voices_fall_back_to_the_default_voice()
    {
        RequireEspeak();
        var synthesizer = new EspeakSpeechSynthesizer();

        var fallback = await SpeakAsync(synthesizer, "Good morning.", "klingon-bogus");
        var standard = await SpeakAsync(synthesizer, "Good morning.", "default");
        var british = await SpeakAsync(synthesizer, "Good morning.", "en-gb");

        Assert.Equal(standard, fallback);
        Assert.NotEqual(standard, british);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Female_and_male_are_different_voices()
    {
        RequireEspeak();
        var synthesizer = new EspeakSpeechSynthesizer();

        var female = await SpeakAsync(synthesizer, "Good morning.", "female");
        var male = await SpeakAsync(synthesizer, "Good morning.", "male");

        Assert.NotEqual(female, male);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Text_that_looks_like_options_or_markup_is_spoken_not_obeyed()
    {
        RequireEspeak();
        var synthesizer = new EspeakSpeechSynthesizer();

        var dashed = await SpeakAsync(synthesizer, "--help -v xx", "default");
        var markup = await SpeakAsync(synthesizer, "<speak>Hi <break time=\"20s\"/> there</speak>", "default");

        Assert.True(dashed.Length / 2.0 / AudioFormat.SampleRate > 0.5);
        Assert.True(markup.Length / 2.0 / AudioFormat.SampleRate < 15, "An SSML break was obeyed.");
    }

    private static void RequireEspeak() =>
        Assert.SkipWhen(ExternalTool.Find("espeak-ng") is null, "espeak-ng is not installed.");

    private static async Task<byte[]> SpeakAsync(ISpeechSynthesizer synthesizer, string text, string voice)
    {
        var audio = new MemoryStream();
        await foreach (var chunk in synthesizer.SynthesizeAsync(text, voice, TestCancellation))
        {
            audio.Write(chunk.Span);
        }

        return audio.ToArray();
    }
}
