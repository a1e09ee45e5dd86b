using System.Diagnostics;
using System.Text.Json;
using WaQup.Providers.Speech;
using WaQup.Providers.Speech.Cloud;
using WaQup.Tests.Infrastructure;
using static WaQup.Tests.CloudSpeech.Listener;

namespace WaQup.Tests.CloudSpeech;

public sealed class ElevenLabsSpeechSynthesizerTests
{
    private const string Sentence = "Breathe in slowly, and let your shoulders soften.";

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Speech_is_requested_from_the_stream_endpoint_as_pcm_24000_with_the_key_header_and_model()
    {
        var audio = SpeechWire.Pcm(2400);
        await using var server = await LoopbackServer.StartAsync((context, _) => SpeechWire.StreamAsync(context, audio));
        using var http = new HttpClient();
        var options = ProviderHost.ElevenLabs(server) with
        {
            VoiceSettings = new ElevenLabsVoiceSettings { Stability = 0.4, Speed = 0.9 },
        };

        var spoken = await AllAsync(new ElevenLabsSpeechSynthesizer(http, options).SynthesizeAsync(Sentence, "default", TestCancellation));

        Assert.Equal(audio, spoken);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/text-to-speech/EXAVITQu4vr4xnSDxMaL/stream?output_format=pcm_24000", request.PathAndQuery);
        Assert.Equal(ProviderHost.ElevenLabsKey, request.Headers["xi-api-key"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(Sentence, body.RootElement.GetProperty("text").GetString());
        Assert.Equal("eleven_flash_v2_5", body.RootElement.GetProperty("model_id").GetString());
        var settings = body.RootElement.GetProperty("voice_settings");
        Assert.Equal(0.4, settings.GetProperty("stability").GetDouble());
        Assert.Equal(0.9, settings.GetProperty("speed").GetDouble());
        Assert.False(settings.TryGetProperty("similarity_boost", out _), "Unset settings must be left to the voice's own.");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Voice_settings_are_left_out_unless_configured()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => SpeechWire.StreamAsync(context, SpeechWire.Pcm(10)));
        using var http = new HttpClient();

        await AllAsync(new ElevenLabsSpeechSynthesizer(http, ProviderHost.ElevenLabs(server)).SynthesizeAsync(Sentence, "default", TestCancellation));

        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        Assert.False(body.RootElement.TryGetProperty("voice_settings", out _));
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("default", "EXAVITQu4vr4xnSDxMaL")]
    [InlineData("", "EXAVITQu4vr4xnSDxMaL")]
    [InlineData("female", "FemaleVoice000000001")]
    [InlineData("MALE", "MaleVoice00000000002")]
    [InlineData("21m00Tcm4TlvDq8ikWAM", "21m00Tcm4TlvDq8ikWAM")]
    [InlineData("en-us+f3", "EXAVITQu4vr4xnSDxMaL")]
    [InlineData("alloy", "EXAVITQu4vr4xnSDxMaL")]
    [InlineData("21m00Tcm4TlvDq8ikWAMx", "EXAVITQu4vr4xnSDxMaL")]
    [InlineData("../../v1/user?x=12345", "EXAVITQu4vr4xnSDxMaL")]
    public async Task Voices_map_to_the_configured_ids_and_ElevenLabs_ids_pass_through(string voice, string expectedId)
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => SpeechWire.StreamAsync(context, SpeechWire.Pcm(10)));
        using var http = new HttpClient();
        var options = ProviderHost.ElevenLabs(server) with { FemaleVoiceId = "FemaleVoice000000001", MaleVoiceId = "MaleVoice00000000002" };

        await AllAsync(new ElevenLabsSpeechSynthesizer(http, options).SynthesizeAsync(Sentence, voice, TestCancellation));

        Assert.Equal($"/v1/text-to-speech/{expectedId}/stream?output_format=pcm_24000", Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_first_chunk_arrives_while_ElevenLabs_is_still_speaking()
    {
        var first = SpeechWire.Pcm(2400, seed: 1);
        var rest = SpeechWire.Pcm(2400, seed: 2);
        var release = Gate();
        var finished = false;
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await SpeechWire.WriteAsync(context, first);
            await release.Task.WaitAsync(Patience);
            await SpeechWire.WriteAsync(context, rest);
            finished = true;
        });
        using var http = new HttpClient();
        await using var chunks = new ElevenLabsSpeechSynthesizer(http, ProviderHost.ElevenLabs(server))
            .SynthesizeAsync(Sentence, "default", TestCancellation)
            .GetAsyncEnumerator(TestCancellation);

        Assert.True(await NextAsync(chunks));

        Assert.False(finished);
        var heard = new List<byte>(chunks.Current.ToArray());
        release.SetResult();
        while (await NextAsync(chunks))
        {
            heard.AddRange(chunks.Current.ToArray());
        }

        Assert.Equal(first.Concat(rest), heard);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Odd_byte_boundaries_on_the_wire_never_split_a_sample()
    {
        var audio = SpeechWire.Pcm(6);
        int[] pieces = [3, 3, 5, 1];
        var received = Enumerable.Range(0, pieces.Length).Select(_ => Gate()).ToArray();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            var offset = 0;
            for (var i = 0; i < pieces.Length; i++)
            {
                await SpeechWire.WriteAsync(context, audio.AsMemory(offset, pieces[i]));
                offset += pieces[i];
                // Lockstep: the next piece goes only once the client has surfaced this one, so TCP cannot merge them.
                await received[i].Task.WaitAsync(Patience);
            }
        });
        using var http = new HttpClient();
        var chunks = new List<byte[]>();

        await foreach (var chunk in new ElevenLabsSpeechSynthesizer(http, ProviderHost.ElevenLabs(server)).SynthesizeAsync(Sentence, "default", TestCancellation))
        {
            chunks.Add(chunk.ToArray());
            received[chunks.Count - 1].SetResult();
        }

        Assert.Equal([2, 4, 4, 2], chunks.Select(chunk => chunk.Length));
        Assert.Equal(audio, chunks.SelectMany(chunk => chunk));
    }

    public static TheoryData<int, string, string> ElevenLabsErrors => new()
    {
        { 401, """{"detail":{"status":"quota_exceeded","message":"This request exceeds your quota of 10000. You have 0 credits remaining, while 91 credits are required for this request."}}""", "(quota_exceeded): This request exceeds your quota" },
        { 401, $$$"""{"detail":{"status":"invalid_api_key","message":"Invalid API key: {{{ProviderHost.ElevenLabsKey}}}"}}""", "(invalid_api_key): Invalid API key: [redacted]" },
        { 422, """{"detail":[{"loc":["body","text"],"msg":"field required","type":"value_error.missing"}]}""", "422: field required" },
        { 429, """{"detail":{"status":"too_many_concurrent_requests","message":"Too many concurrent requests for your plan."}}""", "429 (too_many_concurrent_requests)" },
        { 500, "upstream connect error or disconnect/reset before headers", "500: upstream connect error" },
    };

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(ElevenLabsErrors))]
    public async Task ElevenLabs_errors_become_SpeechUnavailable_with_their_message_and_never_the_key(int status, string body, string expected)
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => SpeechWire.JsonAsync(context, status, body));
        using var http = new HttpClient();
        var usage = new InMemorySpeechUsage();

        var error = await Assert.ThrowsAsync<SpeechUnavailableException>(() =>
            AllAsync(new ElevenLabsSpeechSynthesizer(http, ProviderHost.ElevenLabs(server), usage).SynthesizeAsync(Sentence, "default", TestCancellation)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderHost.ElevenLabsKey, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, usage.CharactersFor(ElevenLabsSpeechSynthesizer.ProviderName));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Characters_are_recorded_for_each_request_ElevenLabs_accepted()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => SpeechWire.StreamAsync(context, SpeechWire.Pcm(10)));
        using var http = new HttpClient();
        var usage = new InMemorySpeechUsage();
        var synthesizer = new ElevenLabsSpeechSynthesizer(http, ProviderHost.ElevenLabs(server), usage);

        await AllAsync(synthesizer.SynthesizeAsync(Sentence, "default", TestCancellation));
        await AllAsync(synthesizer.SynthesizeAsync("Rest.", "default", TestCancellation));
        await AllAsync(synthesizer.SynthesizeAsync("   ", "default", TestCancellation));

        Assert.Equal(Sentence.Length + "Rest.".Length, usage.CharactersFor(ElevenLabsSpeechSynthesizer.ProviderName));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Headers_without_audio_fail_within_the_first_byte_timeout()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await context.Response.StartAsync();
            await context.Response.Body.FlushAsync();
            await SpeechWire.WaitForClientToLeaveAsync(context, Gate());
        });
        using var http = new HttpClient();
        var options = ProviderHost.ElevenLabs(server) with { FirstByteTimeout = TimeSpan.FromMilliseconds(300) };
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SpeechUnavailableException>(() =>
            AllAsync(new ElevenLabsSpeechSynthesizer(http, options).SynthesizeAsync(Sentence, "default", TestCancellation)));

        Assert.Contains("sent no audio for 0.3 s", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Gave up after {clock.Elapsed}.");
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_stall_after_audio_started_fails_within_the_stall_timeout()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await SpeechWire.WriteAsync(context, SpeechWire.Pcm(100));
            await SpeechWire.WaitForClientToLeaveAsync(context, Gate());
        });
        using var http = new HttpClient();
        var options = ProviderHost.ElevenLabs(server) with { StallTimeout = TimeSpan.FromMilliseconds(300) };
        var heard = 0;

        var error = await Assert.ThrowsAsync<SpeechUnavailableException>(async () =>
        {
            await foreach (var chunk in new ElevenLabsSpeechSynthesizer(http, options).SynthesizeAsync(Sentence, "default", TestCancellation))
            {
                heard += chunk.Length;
            }
        });

        Assert.Equal(200, heard);
        Assert.Contains("sent no audio for 0.3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_slow_listener_is_not_mistaken_for_a_stalled_stream()
    {
        var pieces = Enumerable.Range(1, 3).Select(seed => SpeechWire.Pcm(100, seed)).ToArray();
        var heard = pieces.Select(_ => Gate()).ToArray();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            for (var i = 0; i < pieces.Length; i++)
            {
                await SpeechWire.WriteAsync(context, pieces[i]);
                await heard[i].Task.WaitAsync(Patience);
            }
        });
        using var http = new HttpClient();
        var options = ProviderHost.ElevenLabs(server) with { StallTimeout = TimeSpan.FromMilliseconds(200) };
        var chunks = 0;

        await foreach (var chunk in new ElevenLabsSpeechSynthesizer(http, options).SynthesizeAsync(Sentence, "default", TestCancellation))
        {
            heard[chunks++].SetResult();
            // The session may pace playback; holding a chunk longer than the stall limit is not the provider's silence.
            await Task.Delay(TimeSpan.FromMilliseconds(500), TestCancellation);
        }

        Assert.Equal(3, chunks);
    }
}
