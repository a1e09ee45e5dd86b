using WaQup.Tests.Infrastructure;
using WaQup.Tests.Recognition;

namespace WaQup.Tests.Voice;

/// <summary>
/// PROTOCOL.md v1.1, voice input, end to end: speech made by flite goes in as microphone frames, and the session hears
/// it with the embedded recogniser, finds where it starts and stops, and answers as it would typed words.
/// </summary>
public sealed class VoiceInputTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private WaQupServer Server => fixture.Server;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_spoken_request_is_transcribed_quoted_and_a_spoken_yes_makes_the_ritual()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);

        await client.SpeakAsync(await Utterance("i would like a guided meditation for sleep two minutes"), realTime: false);
        var started = await client.WaitForAsync("input_audio.speech_started", Patience);
        var stopped = await client.WaitForAsync("input_audio.speech_stopped", Patience);
        var heard = await client.WaitForAsync("user.transcript", Patience, e => (bool)e["final"]!);
        Assert.True((long)started["audio_ms"]! < (long)stopped["audio_ms"]!);
        Assert.Contains("meditation for sleep", (string?)heard["text"]);
        await client.WaitForAsync("state.changed", Patience, e => (string?)e["state"] == "confirming");
        var quote = await client.WaitForAsync("assistant.text.done", Patience);
        Assert.Contains("2-minute guided meditation", (string?)quote["text"]);

        await client.SpeakAsync(await Utterance("yes please"), realTime: false);
        var yes = await client.WaitForAsync("user.transcript", Patience, e => (bool)e["final"]!);
        Assert.Equal("yes please", (string?)yes["text"]);
        var created = await client.WaitForAsync("ritual.created", Patience);
        Assert.Equal("meditation", (string?)created["kind"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Speaking_over_the_greeting_stops_it_at_once()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await client.SendAsync(new { type = "session.start" });
        var greeting = await client.WaitForAsync("audio.start", Patience);

        await client.SpeakAsync(await Utterance("help me relax"), realTime: false);
        await client.WaitForAsync("input_audio.speech_started", Patience);
        var cancelled = await client.WaitForAsync("response.cancelled", Patience);
        Assert.Equal((string?)greeting["response_id"], (string?)cancelled["response_id"]);
        var heard = await client.WaitForAsync("user.transcript", Patience, e => (bool)e["final"]!);
        Assert.Equal("help me relax", (string?)heard["text"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Saying_stop_during_a_ritual_cancels_it_and_refunds()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        var ready = await Talk.StartAsync(client);
        var balance = (int)ready["credits"]!["balance"]!;
        await Talk.RequestAsync(client, "meditation", "patience", 5);
        var ritual = await client.WaitForAsync("audio.start", Patience);

        await client.SpeakAsync(await Utterance("stop"), realTime: false);
        var heard = await client.WaitForAsync("user.transcript", Patience, e => (bool)e["final"]!);
        Assert.Equal("stop", (string?)heard["text"]);
        var cancelled = await client.WaitForAsync("response.cancelled", Patience);
        Assert.Equal((string?)ritual["response_id"], (string?)cancelled["response_id"]);
        await client.WaitForAsync("credits.updated", Patience, e => (int)e["balance"]! == balance && (int)e["reserved"]! == 0);
        Assert.DoesNotContain(client.Log, r => r.Type == "ritual.created");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Other_speech_during_a_ritual_is_reported_and_ignored()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);
        await Talk.RequestAsync(client, "affirmation", "courage", 1);
        await client.WaitForAsync("audio.start", Patience);

        await client.SpeakAsync(await Utterance("i feel nervous"), realTime: false);
        await client.WaitForAsync("user.transcript", Patience, e => (bool)e["final"]!);
        await client.WaitForAsync("ritual.created", Patience);
        Assert.DoesNotContain(client.Log, r => r.Type is "response.cancelled" or "error");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task With_manual_turn_detection_only_a_commit_ends_an_utterance()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await client.SendAsync(new { type = "session.start", turn_detection = "manual" });
        await client.WaitForAsync("state.changed", Patience, e => (string?)e["state"] == "listening");

        await client.SpeakAsync(await Utterance("i would like a daily ritual for gratitude"), realTime: false);
        await client.WaitForAsync("input_audio.speech_stopped", Patience);
        // Silence long past the detector's 700 ms ends nothing: there is no transcript until the commit.
        await client.SpeakAsync(SpokenAudio.Silence(1500), realTime: false);
        await client.SendAsync(new { type = "response.cancel" });
        await client.WaitForAsync("error", Patience);
        Assert.DoesNotContain(client.Log, r => r.Type == "user.transcript" && (bool)r.Event!["final"]!);

        await client.SendAsync(new { type = "input_audio.commit" });
        var heard = await client.WaitForAsync("user.transcript", Patience, e => (bool)e["final"]!);
        Assert.Equal("i would like a daily ritual for gratitude", (string?)heard["text"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Silence_committed_is_heard_as_nothing_and_the_assistant_says_so_without_moving()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);
        await client.SpeakAsync(SpokenAudio.Silence(600, noiseAmplitude: 30), realTime: false);
        await client.SendAsync(new { type = "input_audio.commit" });
        var heard = await client.WaitForAsync("user.transcript", Patience, e => (bool)e["final"]!);
        Assert.Equal("", (string?)heard["text"]);
        var said = await client.WaitForAsync("assistant.text.done", Patience);
        Assert.Contains("didn't catch that", (string?)said["text"]);
        Assert.DoesNotContain(client.Log.SkipWhile(r => r.Type != "user.transcript"), r => r.Type == "state.changed");

        // A second commit with nothing sent since is a mistake, and says so.
        await client.SendAsync(new { type = "input_audio.commit" });
        Assert.Equal("bad_request", (string?)(await Talk.ErrorAsync(client))["code"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Audio_that_is_not_whole_samples_is_refused_and_the_session_still_hears()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);
        await client.SendBinaryAsync(new byte[641]);
        var error = await Talk.ErrorAsync(client);
        Assert.Equal("bad_request", (string?)error["code"]);
        Assert.False((bool)error["fatal"]!);

        await client.SpeakAsync(await Utterance("help me focus"), realTime: false);
        var heard = await client.WaitForAsync("user.transcript", Patience, e => (bool)e["final"]!);
        Assert.Equal("help me focus", (string?)heard["text"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_cancel_while_a_sent_reply_is_still_playing_cancels_it()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await client.SendAsync(new { type = "session.start" });
        var greeting = await client.WaitForAsync("audio.start", Patience);
        // Every frame of the greeting is out (audio runs ahead of real time), but its seconds have not been heard yet.
        await client.WaitForAsync("audio.done", Patience);
        await client.SendAsync(new { type = "response.cancel" });
        var cancelled = await client.WaitForAsync("response.cancelled", Patience);
        Assert.Equal((string?)greeting["response_id"], (string?)cancelled["response_id"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_client_hearing_its_own_speaker_through_echo_cancellation_does_not_interrupt_itself()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await client.SendAsync(new { type = "session.start" });
        await client.WaitForAsync("audio.done", Patience);
        var greeting = client.Log.Where(r => r.IsAudio).SelectMany(r => r.Audio!).ToArray();
        // What is left of the speaker's sound after the browser's echo cancellation: about 30 dB down, over room noise.
        var echo = SpokenAudio.Mix(SpokenAudio.Scale(To16k(greeting), 0.03), SpokenAudio.Silence(greeting.Length / 48, noiseAmplitude: 30, seed: 4));

        await client.SpeakAsync(echo, realTime: false);
        await client.SpeakAsync(await Utterance("help me relax"), realTime: false);

        var started = await client.WaitForAsync("input_audio.speech_started", Patience);
        Assert.True((long)started["audio_ms"]! >= echo.Length / 32, $"the echo was taken for speech at {started["audio_ms"]} ms");
        var heard = await client.WaitForAsync("user.transcript", Patience, e => (bool)e["final"]!);
        Assert.Equal("help me relax", (string?)heard["text"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_utterance_longer_than_allowed_is_dropped_with_an_error_and_the_next_is_heard()
    {
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?> { ["Socket:MaxUtteranceBytes"] = "64000" });
        await using var client = await server.ConnectAsync(Users.New());
        await Talk.StartAsync(client);

        await client.SpeakAsync(await Utterance("i would like a guided meditation for better sleep about ten minutes please"), realTime: false);
        var error = await client.WaitForAsync("error", Patience);
        Assert.Equal("message_too_large", (string?)error["code"]);
        Assert.Contains("2 seconds", (string?)error["message"]);
        Assert.False((bool)error["fatal"]!);

        await client.SpeakAsync(await Utterance("yes"), realTime: false);
        var heard = await client.WaitForAsync("user.transcript", Patience, e => (bool)e["final"]!);
        Assert.True((string?)heard["text"] == "yes", string.Join("\n", client.Log.Where(r => !r.IsAudio).Select(r => r.Event!.ToJsonString())));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Nothing_heard_over_the_greeting_cuts_it_says_so_and_leaves_the_session_listening()
    {
        await using var client = await Server.ConnectAsync(Users.New());
        await client.SendAsync(new { type = "session.start", turn_detection = "manual" });
        await client.WaitForAsync("audio.start", Patience);
        await client.SpeakAsync(SpokenAudio.Silence(300, noiseAmplitude: 30), realTime: false);
        await client.SendAsync(new { type = "input_audio.commit" });

        var heard = await client.WaitForAsync("user.transcript", Patience, e => (bool)e["final"]!);
        Assert.Equal("", (string?)heard["text"]);
        await client.WaitForAsync("assistant.text.done", Patience, e => ((string?)e["text"])!.Contains("didn't catch that"));
        var moves = client.Log.Where(r => r.Type == "state.changed").Select(r => (string?)r.Event!["state"]).ToList();
        Assert.Equal(["listening"], moves);
    }

    private static byte[] To16k(byte[] pcm24k)
    {
        var resampler = new WaQup.Providers.Audio.PcmResampler(24_000, 16_000);
        var output = new byte[resampler.MaxOutputBytes(pcm24k.Length)];
        return output[..resampler.Process(pcm24k, output)];
    }

    /// <summary>Words spoken by flite's slt voice, with room silence before and after, as a microphone hears them.</summary>
    private static async Task<byte[]> Utterance(string words) =>
        SpokenAudio.Join(SpokenAudio.Silence(300, noiseAmplitude: 30, seed: 1), await SpokenAudio.FliteAsync(words), SpokenAudio.Silence(1000, noiseAmplitude: 30, seed: 2));
}
