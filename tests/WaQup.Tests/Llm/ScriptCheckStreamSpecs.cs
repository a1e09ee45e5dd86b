using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;
using WaQup.Providers.Content.Llm;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Llm;

/// <summary>
/// A model's script is checked sentence by sentence before it is spoken: before speech starts a bad answer is asked
/// for again, after it a bad sentence is dropped, and what cannot go on is finished by the built-in writer.
/// </summary>
public sealed class ScriptCheckStreamSpecs
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static OpenAiScriptWriter Writer(LoopbackServer server, LlmResilienceOptions? resilience = null) =>
        new(new OpenAiContentOptions { ApiKey = Scripts.ApiKey, Endpoint = new Uri(server.BaseUri, "v1"), Resilience = resilience ?? Scripts.Quick(fallback: true) });

    private static RitualSpec Spec(RitualKind kind = RitualKind.Meditation, int minutes = 1) =>
        new(kind, "my exam tomorrow", minutes, "Sam", "en-GB", 7);

    /// <summary>A calm line numbered <paramref name="i"/>, so no two are the same, with a pause after it.</summary>
    private static string Line(int i) => $"Breathe in slowly and let moment {i} settle. [pause 4s]\n";

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_answer_that_opens_with_words_about_itself_is_asked_for_again_before_anything_is_spoken()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync((context, _) => Interlocked.Increment(ref calls) == 1
            ? OpenAiWire.ScriptAsync(context, "Here is your meditation for your exam.\n", Line(1))
            : OpenAiWire.ScriptAsync(context, "Welcome, Sam. [pause 2s]\n", Line(1)));

        var script = await Scripts.CollectAsync(Writer(server).WriteAsync(Spec(), Cancellation));

        Assert.Equal("Welcome, Sam.", script[0].Text);
        Assert.DoesNotContain(script, p => p.Text.Contains("Here is", StringComparison.Ordinal));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Unsafe_words_after_speech_began_are_never_spoken_and_the_built_in_writer_finishes_the_script()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ScriptAsync(
            context, "Welcome, Sam. [pause 2s]\n", Line(1), "Remember to take your medication before you sleep. [pause 3s]\n", Line(2)));
        var spec = Spec(minutes: 3);

        var script = await Scripts.CollectAsync(Writer(server).WriteAsync(spec, Cancellation));

        Assert.Equal(["Welcome, Sam.", "Breathe in slowly and let moment 1 settle."], script.Take(2).Select(p => p.Text));
        Assert.DoesNotContain(script, p => p.Text.Contains("medication", StringComparison.Ordinal) || p.Text.Contains("moment 2", StringComparison.Ordinal));
        var builtIn = new BuiltInScriptWriter().Plan(spec).Select(p => p.Piece).ToList();
        Assert.Equal(builtIn[^1], script[^1]);
        Assert.Subset(builtIn.ToHashSet(), script.Skip(2).ToHashSet());
        Assert.InRange(Scripts.TotalMs(script), 3 * 60_000 * 0.85, 3 * 60_000 * 1.15);
        Assert.Single(server.Requests);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_provider_that_keeps_failing_gives_way_to_the_whole_built_in_script()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
            OpenAiWire.ErrorAsync(context, 500, "The server had an error while processing your request. Sorry about that!", "server_error", null));
        var spec = Spec(RitualKind.Ritual, 2);

        var script = await Scripts.CollectAsync(Writer(server).WriteAsync(spec, Cancellation));

        Assert.Equal(new BuiltInScriptWriter().Plan(spec).Select(p => p.Piece), script);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task With_the_fallback_off_a_script_that_cannot_go_on_fails_instead()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ScriptAsync(
            context, "Welcome, Sam. [pause 2s]\n", "Picture the knife on the table. [pause 3s]\n"));

        var error = await Assert.ThrowsAsync<ContentUnavailableException>(() => Scripts.CollectAsync(Writer(server, Scripts.Quick()).WriteAsync(Spec(), Cancellation)));

        Assert.Contains("failed its check: Unsafe", error.Message);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_repeated_or_rambling_sentence_is_dropped_and_its_pause_comes_after_the_next_one()
    {
        var rambling = string.Join(' ', Enumerable.Repeat("softly", ScriptValidator.MaxWords + 5)) + ". [pause 5s]\n";
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ScriptAsync(
            context, "Welcome, Sam. [pause 2s]\n", Line(1), Line(1), rambling, "You are ready. [pause 1s]\n", Line(2)));

        var script = await Scripts.CollectAsync(Writer(server, Scripts.Quick()).WriteAsync(Spec(), Cancellation));

        Assert.Equal(["Welcome, Sam.", "Breathe in slowly and let moment 1 settle.", "You are ready.", "Breathe in slowly and let moment 2 settle."], script.Select(p => p.Text));
        Assert.Equal(2_000, script[0].PauseAfterMs);
        Assert.Equal(4_000, script[1].PauseAfterMs);
        Assert.Equal(4_000 + 5_000 + 1_000, script[2].PauseAfterMs);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_model_that_runs_on_is_cut_at_a_sentence_once_it_has_said_half_as_much_again_as_asked()
    {
        var lines = Enumerable.Range(1, 400).Select(Line).ToArray();
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ScriptAsync(context, ["Welcome, Sam. [pause 2s]\n", .. lines]));
        var spec = Spec(minutes: 2);
        var asked = ScriptPrompt.For(spec).TargetWords;

        var script = await Scripts.CollectAsync(Writer(server).WriteAsync(spec, Cancellation));

        var words = script.Sum(p => p.Text.Split(' ').Length);
        Assert.InRange(words, asked * 3 / 2 + 20, asked * 3 / 2 + 20 + 10);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_script_that_fills_less_than_half_its_time_is_finished_by_the_built_in_writer_not_by_silence()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => OpenAiWire.ScriptAsync(context, "Welcome, Sam. [pause 2s]\n", Line(1)));
        var spec = Spec(minutes: 5);

        var script = await Scripts.CollectAsync(Writer(server).WriteAsync(spec, Cancellation));

        Assert.True(script.Count > 10, $"{script.Count} sentences");
        Assert.Equal("Breathe in slowly and let moment 1 settle.", script[1].Text);
        Assert.All(script, p => Assert.InRange(p.PauseAfterMs, 0, 60_000));
        Assert.InRange(Scripts.TotalMs(script), 5 * 60_000 * 0.85, 5 * 60_000 * 1.15);
    }
}
