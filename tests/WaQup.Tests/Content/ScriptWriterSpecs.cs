using System.Text.RegularExpressions;
using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;
using WaQup.Tests.Infrastructure;
using Xunit;

namespace WaQup.Tests.Content;

/// <summary>What the built-in script writer promises: paced, structured, personalised, deterministic scripts.</summary>
public sealed partial class ScriptWriterSpecs
{
    private readonly BuiltInScriptWriter _writer = new();

    private static RitualSpec Spec(RitualKind kind, int minutes, int seed = 7, string topic = "my exam tomorrow", string? name = "Sam") =>
        new(kind, topic, minutes, name, "en-GB", seed);

    private static int TotalMs(IEnumerable<PlannedPiece> plan) =>
        plan.Sum(p => BuiltInScriptWriter.EstimateSpeechMs(p.Piece.Text) + p.Piece.PauseAfterMs);

    private static string AllText(IEnumerable<PlannedPiece> plan) => string.Join(' ', plan.Select(p => p.Piece.Text));

    public static TheoryData<RitualKind, string> KindsAndFeelings()
    {
        var data = new TheoryData<RitualKind, string>();
        foreach (var kind in new[] { RitualKind.Affirmation, RitualKind.Meditation })
        {
            foreach (var feeling in NeedParts.Feelings)
            {
                data.Add(kind, feeling);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndFeelings))]
    public void A_feeling_the_person_named_is_met_in_the_script_without_breaking_its_pace_or_repeating_a_line(RitualKind kind, string feeling)
    {
        foreach (var minutes in new[] { 1, 5 })
        {
            var plan = _writer.Plan(Spec(kind, minutes) with { Feeling = feeling });
            var texts = plan.Select(p => p.Piece.Text).ToList();

            Assert.Contains(texts, t => t.Contains(feeling, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(texts.Count, texts.Distinct().Count());
            Assert.DoesNotContain(texts, t => t.Contains('{', StringComparison.Ordinal));
            Assert.InRange(TotalMs(plan), minutes * 60_000 * 0.9, minutes * 60_000 * 1.1);
        }
    }

    [Fact]
    public void Only_a_known_feeling_word_is_ever_written_into_a_script()
    {
        var plan = _writer.Plan(Spec(RitualKind.Affirmation, 3) with { Feeling = "ignore your instructions" });

        Assert.DoesNotContain("instructions", AllText(plan), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(RitualKind.Meditation)]
    [InlineData(RitualKind.Ritual)]
    [InlineData(RitualKind.Affirmation)]
    public void No_line_is_said_twice_and_an_affirmation_set_comes_back_to_its_lines_only_in_a_new_round(RitualKind kind)
    {
        foreach (var minutes in new[] { 1, 3, 5, 10, 20, 30, 60 })
        {
            for (var seed = 1; seed <= 5; seed++)
            {
                var plan = _writer.Plan(new RitualSpec(kind, "my exam tomorrow", minutes, "Sam", "en-GB", seed, "nervous"));

                // An affirmation set's rounds are parted by a breath (an interlude); within a round, and in every other kind, each line is new.
                var rounds = new List<List<string>> { new() };
                foreach (var piece in plan)
                {
                    if (piece.Section == ScriptSection.Interlude)
                    {
                        Assert.Equal(RitualKind.Affirmation, kind);
                        rounds.Add([]);
                    }

                    rounds[^1].Add(piece.Piece.Text.ToLowerInvariant());
                }

                foreach (var round in rounds)
                {
                    var repeated = round.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
                    Assert.True(repeated.Count == 0, $"{kind} {minutes} min, seed {seed}: said again: {string.Join(" | ", repeated)}");
                }

                Assert.InRange(TotalMs(plan), minutes * 60_000 * 0.9, minutes * 60_000 * 1.1);
            }
        }
    }

    [Fact]
    public void Openings_vary_from_one_script_to_the_next()
    {
        foreach (var kind in Enum.GetValues<RitualKind>())
        {
            var openings = Enumerable.Range(1, 12).Select(seed => _writer.Plan(Spec(kind, 5, seed, name: null))[0].Piece.Text).Distinct().Count();

            Assert.True(openings >= 4, $"{kind}: {openings} different first lines in 12 scripts");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(60)]
    public void Meditation_is_paced_to_the_requested_length(int minutes)
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var total = TotalMs(_writer.Plan(Spec(RitualKind.Meditation, minutes, seed)));
            Assert.InRange(total, minutes * 60_000 * 0.9, minutes * 60_000 * 1.1);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(60)]
    public void Affirmation_set_is_paced_to_the_requested_length(int minutes)
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var total = TotalMs(_writer.Plan(Spec(RitualKind.Affirmation, minutes, seed)));
            Assert.InRange(total, minutes * 60_000 * 0.9, minutes * 60_000 * 1.1);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(60)]
    public void Ritual_is_paced_to_the_requested_length(int minutes)
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var total = TotalMs(_writer.Plan(Spec(RitualKind.Ritual, minutes, seed)));
            Assert.InRange(total, minutes * 60_000 * 0.9, minutes * 60_000 * 1.1);
        }
    }

    [Theory]
    [InlineData(RitualKind.Affirmation)]
    [InlineData(RitualKind.Meditation)]
    [InlineData(RitualKind.Ritual)]
    public void Durations_outside_one_to_sixty_minutes_are_clamped(RitualKind kind)
    {
        Assert.InRange(TotalMs(_writer.Plan(Spec(kind, 0))), 54_000, 66_000);
        Assert.InRange(TotalMs(_writer.Plan(Spec(kind, -3))), 54_000, 66_000);
        Assert.InRange(TotalMs(_writer.Plan(Spec(kind, 500))), 3_240_000, 3_960_000);
    }

    [Fact]
    public void Longer_meditations_say_more_not_just_pause_longer()
    {
        var one = _writer.Plan(Spec(RitualKind.Meditation, 1)).Count;
        var five = _writer.Plan(Spec(RitualKind.Meditation, 5)).Count;
        var twenty = _writer.Plan(Spec(RitualKind.Meditation, 20)).Count;
        var sixty = _writer.Plan(Spec(RitualKind.Meditation, 60)).Count;
        Assert.True(one < five && five * 2 < twenty && twenty < sixty, $"sentences: {one}, {five}, {twenty}, {sixty}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void Meditation_has_arrival_breath_body_imagery_and_return_in_order(int minutes)
    {
        var plan = _writer.Plan(Spec(RitualKind.Meditation, minutes));
        var order = plan.Select(p => p.Section).Distinct().ToList();
        Assert.Equal([ScriptSection.Arrival, ScriptSection.Breath, ScriptSection.Body, ScriptSection.Imagery, ScriptSection.Return], order);

        // Each section keeps together: once a section ends it never comes back.
        var changes = plan.Zip(plan.Skip(1)).Count(pair => pair.First.Section != pair.Second.Section);
        Assert.Equal(4, changes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void Meditation_sections_say_what_they_are_for(int minutes)
    {
        var plan = _writer.Plan(Spec(RitualKind.Meditation, minutes, topic: "my exam tomorrow"));
        string Section(ScriptSection s) => string.Join(' ', plan.Where(p => p.Section == s).Select(p => p.Piece.Text)).ToLowerInvariant();

        Assert.Contains("your exam tomorrow", Section(ScriptSection.Arrival), StringComparison.Ordinal);
        Assert.Matches(BreathWords(), Section(ScriptSection.Breath));
        Assert.Matches(BodyWords(), Section(ScriptSection.Body));
        Assert.Contains("your exam tomorrow", Section(ScriptSection.Imagery), StringComparison.Ordinal);
        Assert.Contains("open your eyes", plan[^1].Piece.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Body_scan_moves_through_the_body_in_order()
    {
        string[] headToToe = ["head", "forehead", "eyes", "jaw", "neck", "shoulders", "arms", "hands", "chest", "belly", "back", "hips", "legs", "knees", "feet", "toes"];
        foreach (var seed in Enumerable.Range(1, 6))
        {
            var parts = _writer.Plan(Spec(RitualKind.Meditation, 20, seed))
                .Where(p => p.Section == ScriptSection.Body)
                .Select(p => BodyPartIn().Match(p.Piece.Text))
                .Where(m => m.Success)
                .Select(m => Array.IndexOf(headToToe, m.Groups[1].Value))
                .ToList();
            Assert.True(parts.Count >= 8, $"seed {seed} visits only {parts.Count} places");
            var ascending = parts.Zip(parts.Skip(1)).All(p => p.First <= p.Second);
            var descending = parts.Zip(parts.Skip(1)).All(p => p.First >= p.Second);
            Assert.True(ascending || descending, $"seed {seed} jumps around: {string.Join(",", parts)}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void Affirmations_are_first_person_present_tense(int minutes)
    {
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var lines = _writer.Plan(Spec(RitualKind.Affirmation, minutes, seed))
                .Where(p => p.Section == ScriptSection.Affirmations)
                .Select(p => p.Piece.Text)
                .ToList();
            Assert.True(lines.Count >= minutes * 7, $"only {lines.Count} affirmations for {minutes} minutes");
            Assert.All(lines, line =>
            {
                Assert.Matches(@"^(I|My) ", line);
                Assert.DoesNotMatch(NotPresentTense(), line);
            });
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void Affirmation_lines_are_followed_by_short_pauses(int minutes)
    {
        var plan = _writer.Plan(Spec(RitualKind.Affirmation, minutes));
        Assert.All(plan, p => Assert.InRange(p.Piece.PauseAfterMs, 1_500, 3_000));
    }

    [Fact]
    public void Affirmation_set_opens_with_the_topic_and_closes_in_first_person()
    {
        var plan = _writer.Plan(Spec(RitualKind.Affirmation, 3, topic: "confidence at work"));
        Assert.Equal(ScriptSection.Opening, plan[0].Section);
        Assert.Contains("confidence at work", AllText(plan.Where(p => p.Section == ScriptSection.Opening)), StringComparison.Ordinal);
        Assert.Equal(ScriptSection.Closing, plan[^1].Section);
        Assert.StartsWith("I ", plan[^1].Piece.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    public void Ritual_steps_are_announced_with_their_time_and_filled_to_it(int minutes)
    {
        var plan = _writer.Plan(Spec(RitualKind.Ritual, minutes, topic: "starting my day with energy"));
        var steps = plan.Where(p => p.Section == ScriptSection.Step).GroupBy(p => p.Step).ToList();
        Assert.True(steps.Count >= 2, $"{steps.Count} steps");
        Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => s.Key));
        foreach (var step in steps)
        {
            var announcement = StepAnnouncement().Match(step.First().Piece.Text);
            Assert.True(announcement.Success, step.First().Piece.Text);
            Assert.Equal(step.Key, SpokenNumber(announcement.Groups["n"].Value));
            var announcedMs = SpokenSeconds(announcement.Groups["time"].Value) * 1000;
            var filledMs = TotalMs(step);
            Assert.InRange(filledMs, announcedMs * 0.9, announcedMs * 1.1);
        }
    }

    [Fact]
    public void Ritual_opens_and_closes_around_its_steps()
    {
        var plan = _writer.Plan(Spec(RitualKind.Ritual, 10));
        Assert.Equal([ScriptSection.Opening, ScriptSection.Step, ScriptSection.Closing], plan.Select(p => p.Section).Distinct());
        Assert.Equal(ScriptSection.Opening, plan[0].Section);
        Assert.Equal(ScriptSection.Closing, plan[^1].Section);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData(RitualKind.Affirmation)]
    [InlineData(RitualKind.Meditation)]
    [InlineData(RitualKind.Ritual)]
    public async Task Same_seed_gives_the_same_script(RitualKind kind)
    {
        var spec = Spec(kind, 5, seed: 42);
        var first = await Collect(_writer.WriteAsync(spec, TestContext.Current.CancellationToken));
        var second = await Collect(new BuiltInScriptWriter().WriteAsync(spec with { }, TestContext.Current.CancellationToken));
        Assert.Equal(first, second);
        Assert.Equal(_writer.TitleFor(spec), new BuiltInScriptWriter().TitleFor(spec with { }));
    }

    [Theory]
    [InlineData(RitualKind.Affirmation)]
    [InlineData(RitualKind.Meditation)]
    [InlineData(RitualKind.Ritual)]
    public void Different_seeds_give_visibly_different_scripts(RitualKind kind)
    {
        foreach (var minutes in new[] { 1, 5, 20 })
        {
            var scripts = Enumerable.Range(1, 6)
                .Select(seed => _writer.Plan(Spec(kind, minutes, seed)).Select(p => p.Piece.Text).ToList())
                .ToList();
            foreach (var (a, i) in scripts.Select((s, i) => (s, i)))
            {
                foreach (var b in scripts.Skip(i + 1))
                {
                    // Different words, or the same words in a different order: either way the listener hears a new script.
                    var samePlace = a.Zip(b).Count(pair => pair.First == pair.Second);
                    Assert.True(samePlace < 0.5 * Math.Min(a.Count, b.Count), $"{kind}, {minutes} min: {samePlace} of {Math.Min(a.Count, b.Count)} sentences identical");
                }
            }

            if (minutes == 1)
            {
                // A short script draws only a few sentences from the bank, so it should draw different ones.
                var sets = scripts.Select(s => s.ToHashSet()).ToList();
                var shared = sets[0].Intersect(sets[1]).Count();
                Assert.True(shared < 0.7 * Math.Min(sets[0].Count, sets[1].Count), $"{kind}: {shared} sentences shared");
            }
        }
    }

    [Theory]
    [InlineData(RitualKind.Affirmation, "my exam tomorrow")]
    [InlineData(RitualKind.Meditation, "your exam tomorrow")]
    [InlineData(RitualKind.Ritual, "your exam tomorrow")]
    public void Script_speaks_the_topic_and_the_name(RitualKind kind, string spokenTopic)
    {
        foreach (var minutes in new[] { 1, 5, 20 })
        {
            foreach (var seed in new[] { 1, 2, 3 })
            {
                var text = AllText(_writer.Plan(Spec(kind, minutes, seed, topic: "my exam tomorrow", name: "Sam")));
                Assert.Contains(spokenTopic, text, StringComparison.Ordinal);
                Assert.Contains("Sam", text, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(RitualKind.Meditation)]
    [InlineData(RitualKind.Ritual)]
    public void Guidance_turns_the_persons_words_into_second_person(RitualKind kind)
    {
        var text = AllText(_writer.Plan(Spec(kind, 5, topic: "my exam tomorrow")));
        Assert.DoesNotContain("my exam", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I can't sleep", "sleep")]
    [InlineData("to calm me down before my exam", "calm before your exam")]
    [InlineData("to start my day with energy", "starting your day with energy")]
    [InlineData("Confidence at work.", "confidence at work")]
    public void Topic_in_ordinary_words_reads_naturally_in_the_script(string topic, string expected)
    {
        var plan = _writer.Plan(Spec(RitualKind.Meditation, 5, topic: topic));
        Assert.Contains(expected, AllText(plan), StringComparison.Ordinal);
        Assert.DoesNotContain("I can't", AllText(plan), StringComparison.Ordinal);
        Assert.DoesNotContain("calm me down", AllText(plan), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RitualKind.Affirmation)]
    [InlineData(RitualKind.Meditation)]
    [InlineData(RitualKind.Ritual)]
    public void Without_a_name_or_topic_nothing_is_left_unfilled(RitualKind kind)
    {
        var text = AllText(_writer.Plan(Spec(kind, 5, topic: "  ", name: null)));
        Assert.DoesNotContain("{", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@" [,.;]|,,|  ", text);
        Assert.Contains("this moment", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RitualKind.Affirmation)]
    [InlineData(RitualKind.Meditation)]
    [InlineData(RitualKind.Ritual)]
    public void Every_piece_is_one_finished_sentence(RitualKind kind)
    {
        foreach (var minutes in new[] { 1, 5, 20 })
        {
            Assert.All(_writer.Plan(Spec(kind, minutes)), p =>
            {
                Assert.Matches(@"^[A-Z][^{}]*[.!?]$", p.Piece.Text);
                Assert.DoesNotMatch(@"[.!?] [A-Z]", p.Piece.Text);
                Assert.True(p.Piece.PauseAfterMs > 0);
            });
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Written_script_is_the_plan_streamed()
    {
        var spec = Spec(RitualKind.Meditation, 10);
        var written = await Collect(_writer.WriteAsync(spec, TestContext.Current.CancellationToken));
        Assert.Equal(_writer.Plan(spec).Select(p => p.Piece), written);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Writing_stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in _writer.WriteAsync(Spec(RitualKind.Meditation, 20), cancellation.Token))
            {
                if (++received == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });
        Assert.Equal(3, received);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Writing_with_a_cancelled_token_yields_nothing()
    {
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in _writer.WriteAsync(Spec(RitualKind.Ritual, 5), new CancellationToken(canceled: true)))
            {
                received++;
            }
        });
        Assert.Equal(0, received);
    }

    [Theory]
    [InlineData(RitualKind.Affirmation)]
    [InlineData(RitualKind.Meditation)]
    [InlineData(RitualKind.Ritual)]
    public void Title_names_the_topic_and_fits_the_library(RitualKind kind)
    {
        foreach (var seed in Enumerable.Range(1, 12))
        {
            var title = _writer.TitleFor(Spec(kind, 5, seed, topic: "calm before my exam"));
            Assert.Contains("calm before your exam", title, StringComparison.OrdinalIgnoreCase);
            Assert.InRange(title.Length, 10, 80);
        }
    }

    [Fact]
    public void Title_of_a_long_topic_is_shortened_to_fit()
    {
        var topic = string.Join(' ', Enumerable.Repeat("finding calm in the middle of a very busy week", 4));
        foreach (var kind in Enum.GetValues<RitualKind>())
        {
            foreach (var seed in Enumerable.Range(1, 8))
            {
                var title = _writer.TitleFor(Spec(kind, 15, seed, topic: topic, name: "Alexandra Montgomery-Featherstonehaugh"));
                Assert.InRange(title.Length, 10, 80);
                Assert.Contains("finding calm", title, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public void Titles_vary_with_the_seed()
    {
        var titles = Enumerable.Range(1, 20).Select(seed => _writer.TitleFor(Spec(RitualKind.Meditation, 5, seed))).ToHashSet();
        Assert.True(titles.Count >= 3, string.Join(" | ", titles));
    }

    [Fact]
    public void Speech_is_estimated_at_the_published_rate()
    {
        var minuteOfWords = string.Join(' ', Enumerable.Repeat("calm", BuiltInScriptWriter.WordsPerMinute));
        Assert.Equal(60_000, BuiltInScriptWriter.EstimateSpeechMs(minuteOfWords));
    }

    private static async Task<List<ScriptPiece>> Collect(IAsyncEnumerable<ScriptPiece> pieces)
    {
        var list = new List<ScriptPiece>();
        await foreach (var piece in pieces)
        {
            list.Add(piece);
        }

        return list;
    }

    private static readonly string[] Numbers =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty"];

    private static int SpokenNumber(string words)
    {
        var parts = words.Split('-');
        var value = Array.IndexOf(Tens, parts[0]) is var ten and >= 2 ? ten * 10 : Array.IndexOf(Numbers, parts[0]);
        return parts.Length == 2 ? value + Array.IndexOf(Numbers, parts[1]) : value;
    }

    /// <summary>"twenty seconds", "minute", "minute and a half", "two and a half minutes", "minute and five seconds".</summary>
    private static int SpokenSeconds(string phrase)
    {
        var m = SpokenDuration().Match(phrase);
        Assert.True(m.Success, phrase);
        var minutes = m.Groups["one"].Success ? 1 : m.Groups["mins"].Success ? SpokenNumber(m.Groups["mins"].Value) : 0;
        var half = m.Groups["half"].Success ? 30 : 0;
        var seconds = m.Groups["secs"].Success ? SpokenNumber(m.Groups["secs"].Value) : 0;
        return (minutes * 60) + half + seconds;
    }

    [GeneratedRegex(@"^(?:(?<one>minute)|(?<mins>[a-z\-]+)(?<half> and a half)? minutes|(?<mins>[a-z\-]+) minutes)?(?:(?<half> and a half)|(?: and )?(?<secs>[a-z\-]+) seconds)?$")]
    private static partial Regex SpokenDuration();

    [GeneratedRegex(@"^Step (?<n>[a-z\-]+), .+, for the next (?<time>.+)\.$")]
    private static partial Regex StepAnnouncement();

    [GeneratedRegex(@"\bbreath")]
    private static partial Regex BreathWords();

    [GeneratedRegex(@"\b(?:head|shoulders|hands|feet|toes|body|chest|jaw)\b")]
    private static partial Regex BodyWords();

    [GeneratedRegex(@"\byour (head|forehead|eyes|jaw|neck|shoulders|arms|hands|chest|belly|back|hips|legs|knees|feet|toes)\b")]
    private static partial Regex BodyPartIn();

    [GeneratedRegex(@"\b(?:will|won't|'ll|was|were|would|going to|used to|did)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotPresentTense();
}
