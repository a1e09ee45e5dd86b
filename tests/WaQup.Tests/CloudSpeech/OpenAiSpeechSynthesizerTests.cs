using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WaQup.Providers.Speech;
using WaQup.Providers.Speech.Caching;
using WaQup.Providers.Speech.Cloud;
using WaQup.Tests.Infrastructure;
using static WaQup.Tests.CloudSpeech.Listener;

namespace WaQup.Tests.CloudSpeech;

public sealed class OpenAiSpeechSynthesizerTests
{
    private const string Sentence = "Notice the weight of your body on the chair.";

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Speech_is_requested_as_pcm_with_the_bearer_key_and_streams_before_OpenAI_finishes()
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
        var options = ProviderHost.OpenAi(server) with { Instructions = "Calm and unhurried." };
        await using var chunks = new OpenAiSpeechSynthesizer(options)
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
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/audio/speech", request.PathAndQuery);
        Assert.Equal($"Bearer {ProviderHost.OpenAiKey}", request.Headers["Authorization"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("gpt-4o-mini-tts", body.RootElement.GetProperty("model").GetString());
        Assert.Equal(Sentence, body.RootElement.GetProperty("input").GetString());
        Assert.Equal("alloy", body.RootElement.GetProperty("voice").GetString());
        Assert.Equal("pcm", body.RootElement.GetProperty("response_format").GetString());
        Assert.Equal("Calm and unhurried.", body.RootElement.GetProperty("instructions").GetString());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Odd_byte_boundaries_from_OpenAI_never_split_a_sample()
    {
        var audio = SpeechWire.Pcm(4);
        int[] pieces = [1, 4, 3];
        var received = Enumerable.Range(0, pieces.Length).Select(_ => Gate()).ToArray();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            var offset = 0;
            for (var i = 0; i < pieces.Length; i++)
            {
                await SpeechWire.WriteAsync(context, audio.AsMemory(offset, pieces[i]));
                offset += pieces[i];
                if (i > 0)
                {
                    await received[i - 1].Task.WaitAsync(Patience);
                }
            }
        });
        var chunks = new List<byte[]>();

        await foreach (var chunk in new OpenAiSpeechSynthesizer(ProviderHost.OpenAi(server)).SynthesizeAsync(Sentence, "default", TestCancellation))
        {
            chunks.Add(chunk.ToArray());
            received[chunks.Count - 1].SetResult();
        }

        Assert.All(chunks, chunk => Assert.True(chunk.Length % 2 == 0, $"A chunk of {chunk.Length} bytes splits a sample."));
        Assert.Equal(audio, chunks.SelectMany(chunk => chunk));
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("default", "alloy")]
    [InlineData("female", "nova")]
    [InlineData("male", "onyx")]
    [InlineData("Coral", "coral")]
    [InlineData("21m00Tcm4TlvDq8ikWAM", "alloy")]
    [InlineData("en-us", "alloy")]
    public async Task Voices_map_to_the_configured_OpenAI_voices(string voice, string expected)
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => SpeechWire.StreamAsync(context, SpeechWire.Pcm(10)));

        await AllAsync(new OpenAiSpeechSynthesizer(ProviderHost.OpenAi(server)).SynthesizeAsync(Sentence, voice, TestCancellation));

        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        Assert.Equal(expected, body.RootElement.GetProperty("voice").GetString());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task OpenAI_errors_become_SpeechUnavailable_with_their_message_and_never_the_key()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => SpeechWire.OpenAiErrorAsync(
            context,
            401,
            $"Incorrect API key provided: {ProviderHost.OpenAiKey}. You can find your API key at https://platform.openai.com/account/api-keys.",
            "invalid_request_error",
            "invalid_api_key"));
        var usage = new InMemorySpeechUsage();

        var error = await Assert.ThrowsAsync<SpeechUnavailableException>(() =>
            AllAsync(new OpenAiSpeechSynthesizer(ProviderHost.OpenAi(server), usage: usage).SynthesizeAsync(Sentence, "default", TestCancellation)));

        Assert.Contains("OpenAI answered 401 (invalid_api_key): Incorrect API key provided", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderHost.OpenAiKey, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, usage.CharactersFor(OpenAiSpeechSynthesizer.ProviderName));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Rate_limits_are_retried_by_the_registered_client_and_the_speech_is_cached()
    {
        var audio = SpeechWire.Pcm(2400);
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync((context, _) => Interlocked.Increment(ref calls) == 1
            ? SpeechWire.OpenAiErrorAsync(context, 429, "Rate limit reached for gpt-4o-mini-tts in organization org-x on requests per min (RPM).", "requests", "rate_limit_exceeded", retryAfter: "0")
            : SpeechWire.StreamAsync(context, audio));
        await using var services = ProviderHost.Services(s => s.AddOpenAiSpeech(ProviderHost.OpenAi(server)));
        var speech = services.GetRequiredService<ISpeechSynthesizer>();

        Assert.Equal(audio, await AllAsync(speech.SynthesizeAsync(Sentence, "default", TestCancellation)));
        Assert.Equal(audio, await AllAsync(speech.SynthesizeAsync(Sentence, "default", TestCancellation)));

        Assert.IsType<CachingSpeechSynthesizer>(speech);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(Sentence.Length, ((InMemorySpeechUsage)services.GetRequiredService<ISpeechUsage>()).CharactersFor(OpenAiSpeechSynthesizer.ProviderName));
    }
}
