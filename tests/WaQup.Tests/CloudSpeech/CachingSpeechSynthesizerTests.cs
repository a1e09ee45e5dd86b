using Microsoft.Extensions.DependencyInjection;
using WaQup.Providers.Speech;
using WaQup.Providers.Speech.Caching;
using WaQup.Providers.Speech.Cloud;
using WaQup.Tests.Infrastructure;
using static WaQup.Tests.CloudSpeech.Listener;

namespace WaQup.Tests.CloudSpeech;

/// <summary>The cache in front of ElevenLabs as <see cref="CloudSpeechServiceCollectionExtensions.AddElevenLabsSpeech"/> composes it.</summary>
public sealed class CachingSpeechSynthesizerTests
{
    private const string Sentence = "You are allowed to rest.";

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Identical_speech_is_replayed_without_calling_ElevenLabs_or_paying_again()
    {
        var audio = SpeechWire.Pcm(4800);
        await using var server = await LoopbackServer.StartAsync((context, _) => SpeechWire.StreamAsync(context, audio.AsSpan(0, 4800).ToArray(), audio.AsSpan(4800).ToArray()));
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));

        var first = await AllAsync(services.GetRequiredService<ISpeechSynthesizer>().SynthesizeAsync(Sentence, "female", TestCancellation));
        var again = await AllAsync(services.GetRequiredService<ISpeechSynthesizer>().SynthesizeAsync(Sentence, "female", TestCancellation));

        Assert.Equal(audio, first);
        Assert.Equal(audio, again);
        Assert.Single(server.Requests);
        var cache = services.GetRequiredService<SpeechCache>();
        Assert.Equal((1L, 0L, 1L), (cache.Hits, cache.Joined, cache.Misses));
        var usage = (InMemorySpeechUsage)services.GetRequiredService<ISpeechUsage>();
        Assert.Equal(Sentence.Length, usage.CharactersFor(ElevenLabsSpeechSynthesizer.ProviderName));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_different_voice_or_text_is_synthesised_afresh()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => SpeechWire.StreamAsync(context, SpeechWire.Pcm(100)));
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));
        var speech = services.GetRequiredService<ISpeechSynthesizer>();

        await AllAsync(speech.SynthesizeAsync(Sentence, "female", TestCancellation));
        await AllAsync(speech.SynthesizeAsync(Sentence, "male", TestCancellation));
        await AllAsync(speech.SynthesizeAsync(Sentence + " ", "male", TestCancellation));

        Assert.Equal(3, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_first_chunk_of_a_miss_is_heard_while_ElevenLabs_is_still_speaking_and_the_whole_is_cached()
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
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));
        var speech = services.GetRequiredService<ISpeechSynthesizer>();
        var heard = new List<byte>();
        await using (var chunks = speech.SynthesizeAsync(Sentence, "default", TestCancellation).GetAsyncEnumerator(TestCancellation))
        {
            Assert.True(await NextAsync(chunks));

            Assert.False(finished);
            heard.AddRange(chunks.Current.ToArray());
            release.SetResult();
            while (await NextAsync(chunks))
            {
                heard.AddRange(chunks.Current.ToArray());
            }
        }

        Assert.Equal(first.Concat(rest), heard);
        Assert.Equal(first.Concat(rest), await AllAsync(speech.SynthesizeAsync(Sentence, "default", TestCancellation)));
        Assert.Single(server.Requests);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_least_recently_used_speech_is_evicted_first_when_the_byte_budget_is_exceeded()
    {
        // Each sentence is 1 000 bytes of audio; the budget holds two.
        await using var server = await LoopbackServer.StartAsync((context, _) => SpeechWire.StreamAsync(context, SpeechWire.Pcm(500)));
        await using var services = ProviderHost.Services(s => s
            .AddSingleton(new SpeechCacheOptions { MaxBytes = 2500 })
            .AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));
        var speech = services.GetRequiredService<ISpeechSynthesizer>();
        async Task<int> SayAsync(string text)
        {
            var before = server.Requests.Count;
            await AllAsync(speech.SynthesizeAsync(text, "default", TestCancellation));
            return server.Requests.Count - before;
        }

        Assert.Equal(1, await SayAsync("One."));
        Assert.Equal(1, await SayAsync("Two."));
        Assert.Equal(0, await SayAsync("One."));
        Assert.Equal(1, await SayAsync("Three."));

        Assert.Equal(2000, services.GetRequiredService<SpeechCache>().CachedBytes);
        Assert.Equal(0, await SayAsync("One."));
        Assert.Equal(0, await SayAsync("Three."));
        Assert.Equal(1, await SayAsync("Two."));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Speech_larger_than_the_whole_budget_is_streamed_but_not_cached()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => SpeechWire.StreamAsync(context, SpeechWire.Pcm(2000)));
        await using var services = ProviderHost.Services(s => s
            .AddSingleton(new SpeechCacheOptions { MaxBytes = 3000 })
            .AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));
        var speech = services.GetRequiredService<ISpeechSynthesizer>();

        Assert.Equal(4000, (await AllAsync(speech.SynthesizeAsync(Sentence, "default", TestCancellation))).Length);
        Assert.Equal(4000, (await AllAsync(speech.SynthesizeAsync(Sentence, "default", TestCancellation))).Length);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(0, services.GetRequiredService<SpeechCache>().CachedBytes);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Concurrent_identical_requests_share_one_synthesis()
    {
        var audio = SpeechWire.Pcm(4800);
        var release = Gate();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await SpeechWire.WriteAsync(context, audio.AsMemory(0, 2000));
            await release.Task.WaitAsync(Patience);
            await SpeechWire.WriteAsync(context, audio.AsMemory(2000));
        });
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));
        var listeners = Enumerable.Range(0, 5)
            .Select(_ => services.GetRequiredService<ISpeechSynthesizer>().SynthesizeAsync(Sentence, "default", TestCancellation).GetAsyncEnumerator(TestCancellation))
            .ToArray();
        try
        {
            // Every listener is under way, each holding the first chunk, before ElevenLabs finishes the sentence.
            foreach (var listener in listeners)
            {
                Assert.True(await NextAsync(listener));
            }

            release.SetResult();
            foreach (var listener in listeners)
            {
                var heard = new List<byte>(listener.Current.ToArray());
                while (await NextAsync(listener))
                {
                    heard.AddRange(listener.Current.ToArray());
                }

                Assert.Equal(audio, heard);
            }
        }
        finally
        {
            foreach (var listener in listeners)
            {
                await listener.DisposeAsync();
            }
        }

        Assert.Single(server.Requests);
        var cache = services.GetRequiredService<SpeechCache>();
        Assert.Equal((0L, 4L, 1L), (cache.Hits, cache.Joined, cache.Misses));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_cancelled_first_listener_does_not_break_a_concurrent_second_nor_the_cache()
    {
        var audio = SpeechWire.Pcm(4800);
        var release = Gate();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await SpeechWire.WriteAsync(context, audio.AsMemory(0, 2000));
            await release.Task.WaitAsync(Patience);
            await SpeechWire.WriteAsync(context, audio.AsMemory(2000));
        });
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));
        var speech = services.GetRequiredService<ISpeechSynthesizer>();
        using var cancelFirst = CancellationTokenSource.CreateLinkedTokenSource(TestCancellation);
        await using var first = speech.SynthesizeAsync(Sentence, "default", cancelFirst.Token).GetAsyncEnumerator(cancelFirst.Token);
        await using var second = speech.SynthesizeAsync(Sentence, "default", TestCancellation).GetAsyncEnumerator(TestCancellation);
        await HearAsync(first, 2000);
        var heard = new List<byte>(await HearAsync(second, 2000));

        var waiting = first.MoveNextAsync().AsTask();
        await cancelFirst.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience, TestCancellation));
        release.SetResult();
        while (await NextAsync(second))
        {
            heard.AddRange(second.Current.ToArray());
        }

        Assert.Equal(audio, heard);
        Assert.Equal(audio, await AllAsync(speech.SynthesizeAsync(Sentence, "default", TestCancellation)));
        Assert.Single(server.Requests);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task When_every_listener_has_left_the_provider_stream_is_aborted_and_nothing_is_cached()
    {
        var left = Gate();
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await SpeechWire.WriteAsync(context, SpeechWire.Pcm(1000));
                await SpeechWire.WaitForClientToLeaveAsync(context, left);
                return;
            }

            await SpeechWire.StreamAsync(context, SpeechWire.Pcm(1000));
        });
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));
        var speech = services.GetRequiredService<ISpeechSynthesizer>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestCancellation);
        await using (var chunks = speech.SynthesizeAsync(Sentence, "default", cancel.Token).GetAsyncEnumerator(cancel.Token))
        {
            await HearAsync(chunks, 2000);
            var waiting = chunks.MoveNextAsync().AsTask();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience, TestCancellation));
        }

        await left.Task.WaitAsync(Patience, TestCancellation);
        Assert.Equal(2000, (await AllAsync(speech.SynthesizeAsync(Sentence, "default", TestCancellation))).Length);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_failed_synthesis_is_not_cached_whether_refused_or_cut_midway()
    {
        var audio = SpeechWire.Pcm(1000);
        var heardPart = Gate();
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            switch (Interlocked.Increment(ref calls))
            {
                case 1:
                    await SpeechWire.ElevenLabsErrorAsync(context, 401, "quota_exceeded", "This request exceeds your quota.");
                    break;
                case 2:
                    await SpeechWire.WriteAsync(context, audio.AsMemory(0, 600));
                    // Cut only once the client has the audio: a reset before that is a connection failure, retried.
                    await heardPart.Task.WaitAsync(Patience);
                    context.Abort();
                    break;
                default:
                    await SpeechWire.StreamAsync(context, audio);
                    break;
            }
        });
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));
        var speech = services.GetRequiredService<ISpeechSynthesizer>();

        await Assert.ThrowsAsync<SpeechUnavailableException>(() => AllAsync(speech.SynthesizeAsync(Sentence, "default", TestCancellation)));
        await Assert.ThrowsAsync<SpeechUnavailableException>(async () =>
        {
            await using var chunks = speech.SynthesizeAsync(Sentence, "default", TestCancellation).GetAsyncEnumerator(TestCancellation);
            await HearAsync(chunks, 600);
            heardPart.SetResult();
            while (await NextAsync(chunks))
            {
            }
        });
        Assert.Equal(audio, await AllAsync(speech.SynthesizeAsync(Sentence, "default", TestCancellation)));
        Assert.Equal(audio, await AllAsync(speech.SynthesizeAsync(Sentence, "default", TestCancellation)));

        Assert.Equal(3, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Every_listener_sharing_a_failed_synthesis_hears_the_failure()
    {
        var release = Gate();
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await SpeechWire.WriteAsync(context, SpeechWire.Pcm(500));
            await release.Task.WaitAsync(Patience);
            context.Abort();
        });
        await using var services = ProviderHost.Services(s => s.AddElevenLabsSpeech(ProviderHost.ElevenLabs(server)));
        var speech = services.GetRequiredService<ISpeechSynthesizer>();
        await using var first = speech.SynthesizeAsync(Sentence, "default", TestCancellation).GetAsyncEnumerator(TestCancellation);
        await using var second = speech.SynthesizeAsync(Sentence, "default", TestCancellation).GetAsyncEnumerator(TestCancellation);
        Assert.True(await NextAsync(first));
        Assert.True(await NextAsync(second));

        release.SetResult();

        await Assert.ThrowsAsync<SpeechUnavailableException>(() => NextAsync(first));
        await Assert.ThrowsAsync<SpeechUnavailableException>(() => NextAsync(second));
        Assert.Single(server.Requests);
    }
}
