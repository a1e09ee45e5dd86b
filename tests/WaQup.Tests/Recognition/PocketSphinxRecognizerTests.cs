using System.Collections.Concurrent;
using WaQup.Abstractions.Voice;
using WaQup.Providers.Recognition.Embedded;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Recognition;

/// <summary>The embedded recogniser on real PocketSphinx, hearing speech made by flite.</summary>
public sealed class PocketSphinxRecognizerTests : IDisposable
{
    private static readonly string Cache = Path.Combine(Path.GetTempPath(), "waqup-recognition-tests");
    private readonly PocketSphinxRecognizer _recognizer = new(new PocketSphinxOptions { CacheDirectory = Cache, MaxDecoders = 2 });

    public void Dispose() => _recognizer.Dispose();

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("an affirmation set for confidence at work one minute")]
    [InlineData("i have a job interview tomorrow and i'm really nervous")]
    [InlineData("i would like a daily ritual for gratitude")]
    [InlineData("help me relax")]
    [InlineData("yes please")]
    [InlineData("no thanks")]
    [InlineData("that's enough")]
    public async Task Domain_phrases_are_heard_word_for_word(string words)
    {
        var transcript = await HearAsync(await SpokenAudio.FliteAsync(words));

        Assert.Equal(words, transcript.Text);
        Assert.Equal(PocketSphinxRecognizer.Name, transcript.Recognizer);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Silence_has_no_words()
    {
        var transcript = await HearAsync(SpokenAudio.Silence(1500, noiseAmplitude: 40));

        Assert.Equal("", transcript.Text);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_utterance_with_no_audio_has_no_words()
    {
        await using var utterance = _recognizer.Begin();

        Assert.Equal("", (await utterance.FinishAsync(TestContext.Current.CancellationToken)).Text);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Partial_transcripts_come_while_the_person_is_still_speaking()
    {
        var partials = new ConcurrentQueue<string>();
        var audio = await SpokenAudio.FliteAsync("i would like a guided meditation for better sleep about ten minutes please");
        await using var utterance = _recognizer.Begin(partials.Enqueue);
        for (var at = 0; at < audio.Length; at += 640)
        {
            utterance.Write(audio.AsSpan(at, Math.Min(640, audio.Length - at)));
        }

        await Until.TrueAsync(() => !partials.IsEmpty, TimeSpan.FromSeconds(30), "a partial transcript before the end");
        var final = await utterance.FinishAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith(partials.First().Split(' ')[0], final.Text);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task More_people_than_decoders_are_all_heard()
    {
        var audio = await SpokenAudio.FliteAsync("help me focus");

        var heard = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => HearAsync(audio)));

        Assert.All(heard, t => Assert.Equal("help me focus", t.Text));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_abandoned_utterance_gives_its_decoder_back()
    {
        using var single = new PocketSphinxRecognizer(new PocketSphinxOptions { CacheDirectory = Cache, MaxDecoders = 1 });
        var audio = await SpokenAudio.FliteAsync("stop");
        for (var i = 0; i < 3; i++)
        {
            await using var abandoned = single.Begin();
            abandoned.Write(audio);
        }

        await using var utterance = single.Begin();
        utterance.Write(audio);
        var transcript = await utterance.FinishAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal("stop", transcript.Text);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_free_decoder_goes_first_to_someone_whose_speech_has_ended()
    {
        using var single = new PocketSphinxRecognizer(new PocketSphinxOptions { CacheDirectory = Cache, MaxDecoders = 1 });
        var yes = await SpokenAudio.FliteAsync("yes");
        var stop = await SpokenAudio.FliteAsync("stop");
        var sentence = await SpokenAudio.FliteAsync("i would like a guided meditation for better sleep");
        var partials = new ConcurrentQueue<string>();
        await using var holding = single.Begin(partials.Enqueue);
        holding.Write(sentence);
        // A partial transcript: it has the decoder.
        await Until.TrueAsync(() => !partials.IsEmpty, TimeSpan.FromSeconds(30), "the first speaker decoding");
        await using var stillSpeaking = single.Begin();
        stillSpeaking.Write(yes[..(yes.Length / 2)]);
        await using var ended = single.Begin();
        ended.Write(stop);
        var endedHeard = ended.FinishAsync(TestContext.Current.CancellationToken);

        // The one decoder is freed: the finished utterance takes it although the other asked first, and is heard while
        // the other is still being spoken.
        Assert.Equal("i would like a guided meditation for better sleep", (await holding.FinishAsync(TestContext.Current.CancellationToken)).Text);
        Assert.Equal("stop", (await endedHeard.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).Text);
        stillSpeaking.Write(yes[(yes.Length / 2)..]);
        Assert.Equal("yes", (await stillSpeaking.FinishAsync(TestContext.Current.CancellationToken)).Text);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Someone_whose_speech_has_ended_is_decoded_before_a_long_talker_catches_up()
    {
        using var one = new PocketSphinxRecognizer(new PocketSphinxOptions { CacheDirectory = Cache, MaxDecoders = 2, MaxConcurrentDecoding = 1 });
        await one.WarmUpAsync(TestContext.Current.CancellationToken);
        const int Repeats = 24;
        var sentence = await SpokenAudio.FliteAsync("i would like a guided meditation for sleep");
        var talkerHeard = "";
        await using var talker = one.Begin(partial => Volatile.Write(ref talkerHeard, partial));
        var backlog = SpokenAudio.Join([.. Enumerable.Repeat(sentence, Repeats)]);
        for (var at = 0; at < backlog.Length; at += 640)
        {
            talker.Write(backlog.AsSpan(at, Math.Min(640, backlog.Length - at)));
        }

        // Decoding is one piece at a time: while the waiting person's words are decoded, the talker's are not. What the
        // talker had been heard to say by then shows how far it had got.
        var talkerWordsWhenServed = new ConcurrentQueue<int>();
        await using var waiting = one.Begin(_ => talkerWordsWhenServed.Enqueue(Words(Volatile.Read(ref talkerHeard))));
        waiting.Write(SpokenAudio.Join(await SpokenAudio.FliteAsync("yes please"), SpokenAudio.Silence(600, noiseAmplitude: 40)));
        var transcript = await waiting.FinishAsync(TestContext.Current.CancellationToken);

        Assert.Equal("yes please", transcript.Text);
        Assert.NotEmpty(talkerWordsWhenServed);
        Assert.InRange(talkerWordsWhenServed.Max(), 0, Repeats * 8 / 4);
        // The talker loses nothing by waiting: all of it is heard in the end.
        var talked = (await talker.FinishAsync(TestContext.Current.CancellationToken)).Text;
        Assert.StartsWith("i would like a guided meditation for sleep", talked, StringComparison.Ordinal);
        Assert.InRange(Words(talked), Repeats * 8 * 3 / 4, Repeats * 8 * 5 / 4);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_utterance_abandoned_with_a_backlog_stops_decoding_it()
    {
        using var one = new PocketSphinxRecognizer(new PocketSphinxOptions { CacheDirectory = Cache, MaxDecoders = 1, MaxConcurrentDecoding = 1 });
        await one.WarmUpAsync(TestContext.Current.CancellationToken);
        const int Repeats = 24;
        var backlog = SpokenAudio.Join([.. Enumerable.Repeat(await SpokenAudio.FliteAsync("i would like a guided meditation for sleep"), Repeats)]);
        var heard = "";
        var decoding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var talker = one.Begin(partial =>
        {
            Volatile.Write(ref heard, partial);
            decoding.TrySetResult();
        });
        for (var at = 0; at < backlog.Length; at += 640)
        {
            talker.Write(backlog.AsSpan(at, Math.Min(640, backlog.Length - at)));
        }

        // The person hung up once decoding was under way: the rest of the minute of audio still waiting is dropped
        // rather than decoded for nobody.
        await decoding.Task.WaitAsync(Talk.Patience, TestContext.Current.CancellationToken);
        await talker.DisposeAsync();

        Assert.InRange(Words(Volatile.Read(ref heard)), 0, Repeats * 8 / 2);
        await using var next = one.Begin();
        next.Write(await SpokenAudio.FliteAsync("yes please"));
        Assert.Equal("yes please", (await next.FinishAsync(TestContext.Current.CancellationToken)).Text);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task How_one_person_is_heard_does_not_depend_on_whom_the_decoder_heard_before()
    {
        // One decoder, so every utterance below goes through it. This history, each line said by someone else, once
        // turned the last "one minute" into "on energy": the decoder had carried their channel's mean into it.
        using var single = new PocketSphinxRecognizer(new PocketSphinxOptions { CacheDirectory = Cache, MaxDecoders = 1 });
        const string Request = "an affirmation set for confidence at work one minute";
        var lines = new Dictionary<char, byte[]>
        {
            ['A'] = await SpokenAudio.FliteAsync(Request),
            ['B'] = await SpokenAudio.FliteAsync("i would like a guided meditation for sleep two minutes"),
            ['Y'] = await SpokenAudio.FliteAsync("yes please"),
        };
        var alone = await HearAsync(single, lines['A'], new Speaker());

        foreach (var line in "AAYABABBAYYY")
        {
            await HearAsync(single, lines[line], new Speaker());
        }

        var afterOthers = await HearAsync(single, lines['A'], new Speaker());
        var withoutSpeaker = await HearAsync(single, lines['A'], speaker: null);
        Assert.Equal(Request, alone.Text);
        Assert.Equal(alone.Text, afterOthers.Text);
        Assert.Equal(alone.Text, withoutSpeaker.Text);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_speakers_channel_is_kept_for_their_next_utterance_and_only_theirs()
    {
        using var single = new PocketSphinxRecognizer(new PocketSphinxOptions { CacheDirectory = Cache, MaxDecoders = 1 });
        var near = new Speaker();
        var far = new Speaker();
        // Two people on one decoder, one of them 14 dB quieter (another microphone, another gain).
        const string Words = "i would like a daily ritual for gratitude";
        var request = await SpokenAudio.FliteAsync(Words);
        var farRequest = SpokenAudio.Scale(request, 0.2);

        Assert.Equal(Words, (await HearAsync(single, request, near)).Text);
        var nearChannel = near.Get<float[]>(PocketSphinxRecognizer.Name);
        Assert.Equal(Words, (await HearAsync(single, farRequest, far)).Text);
        var farChannel = far.Get<float[]>(PocketSphinxRecognizer.Name);
        Assert.Equal(Words, (await HearAsync(single, request, near)).Text);
        var nearAgain = near.Get<float[]>(PocketSphinxRecognizer.Name);

        Assert.NotNull(nearChannel);
        Assert.NotNull(farChannel);
        Assert.NotNull(nearAgain);
        // The first cepstral coefficient follows the level: the quieter speaker's channel is measured apart, and the
        // near speaker's second utterance went on from their own first, untouched by the far one in between.
        Assert.True(farChannel[0] < nearChannel[0], $"c0 {farChannel[0]:F2} for the far speaker, {nearChannel[0]:F2} for the near one");
        Assert.True(
            Math.Abs(nearAgain[0] - nearChannel[0]) < Math.Abs(farChannel[0] - nearChannel[0]) / 2,
            $"c0 {nearAgain[0]:F2} after the near speaker's second utterance, {nearChannel[0]:F2} after their first, {farChannel[0]:F2} for the far one");
    }

    private static async Task<Transcript> HearAsync(PocketSphinxRecognizer recognizer, byte[] audio, Speaker? speaker)
    {
        await using var utterance = recognizer.Begin(speaker: speaker);
        for (var at = 0; at < audio.Length; at += 640)
        {
            utterance.Write(audio.AsSpan(at, Math.Min(640, audio.Length - at)));
        }

        return await utterance.FinishAsync(TestContext.Current.CancellationToken);
    }

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Audio_written_is_copied_so_the_caller_may_reuse_its_buffer()
    {
        var audio = await SpokenAudio.FliteAsync("yes");
        await using var utterance = _recognizer.Begin();
        var buffer = new byte[640];
        for (var at = 0; at < audio.Length; at += buffer.Length)
        {
            var length = Math.Min(buffer.Length, audio.Length - at);
            audio.AsSpan(at, length).CopyTo(buffer);
            utterance.Write(buffer.AsSpan(0, length));
            Array.Clear(buffer);
        }

        Assert.Equal("yes", (await utterance.FinishAsync(TestContext.Current.CancellationToken)).Text);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Without_its_models_the_recogniser_says_it_cannot_hear()
    {
        using var broken = new PocketSphinxRecognizer(new PocketSphinxOptions { CacheDirectory = Cache, AcousticModel = "/nonexistent/model" });
        await Assert.ThrowsAsync<RecognitionSetupException>(() => broken.WarmUpAsync(TestContext.Current.CancellationToken));

        await using var utterance = broken.Begin();
        utterance.Write(SpokenAudio.Silence(200, noiseAmplitude: 40));
        await Assert.ThrowsAsync<RecognitionUnavailableException>(() => utterance.FinishAsync(TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Configured_arguments_replace_the_projects_own_of_the_same_name()
    {
        // -topn is one of the project's own; PocketSphinx refuses a name given twice.
        using var tuned = new PocketSphinxRecognizer(new PocketSphinxOptions { CacheDirectory = Cache, MaxDecoders = 1, ExtraArguments = ["-topn", "4", "-beam", "1e-50"] });
        await tuned.WarmUpAsync(TestContext.Current.CancellationToken);

        await using var utterance = tuned.Begin();
        utterance.Write(await SpokenAudio.FliteAsync("yes please"));
        Assert.Equal("yes please", (await utterance.FinishAsync(TestContext.Current.CancellationToken)).Text);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("-topn")]
    [InlineData("topn", "4")]
    public async Task Configured_arguments_that_are_not_name_and_value_pairs_are_refused_with_the_reason(params string[] arguments)
    {
        using var broken = new PocketSphinxRecognizer(new PocketSphinxOptions { CacheDirectory = Cache, ExtraArguments = arguments });

        var refused = await Assert.ThrowsAsync<RecognitionSetupException>(() => broken.WarmUpAsync(TestContext.Current.CancellationToken));
        Assert.Contains("ExtraArguments", refused.Message, StringComparison.Ordinal);
    }

    private async Task<Transcript> HearAsync(byte[] audio)
    {
        await using var utterance = _recognizer.Begin();
        for (var at = 0; at < audio.Length; at += 640)
        {
            utterance.Write(audio.AsSpan(at, Math.Min(640, audio.Length - at)));
        }

        return await utterance.FinishAsync(TestContext.Current.CancellationToken);
    }
}
