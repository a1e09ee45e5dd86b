namespace WaQup.Providers.Content;

/// <summary>Plans an affirmation set: a short opening, rounds of first-person lines, and a closing line.</summary>
internal static class AffirmationPlanner
{
    public const int MinPauseMs = 1_500;
    public const int MaxPauseMs = 3_000;
    private const int TypicalPauseMs = (MinPauseMs + MaxPauseMs) / 2;

    public static List<PlannedPiece> Plan(ScriptContext context)
    {
        var opening = new List<string>();
        if (context.Name is not null)
        {
            opening.Add(context.Pick(AffirmationLines.GreetingsWithName));
        }

        opening.Add(context.Pick(AffirmationLines.Framing));
        if (context.FeelingIsHard)
        {
            opening.Add(context.Pick(AffirmationLines.HardFeelingOpenings));
        }
        if (context.Minutes >= 2)
        {
            opening.Add(context.Pick(AffirmationLines.Instructions));
        }

        var closing = context.Pick(AffirmationLines.Closings);
        var lines = new List<(ScriptSection Section, string Text)>();
        var speechMs = opening.Sum(Pacing.SpeechMs) + Pacing.SpeechMs(closing);
        var count = opening.Count + 1;

        // Lines are added until speech plus typical pauses fills the time; the pauses then absorb the remainder.
        using var source = Lines(context).GetEnumerator();
        while (speechMs + (count * TypicalPauseMs) < context.TotalMs && source.MoveNext())
        {
            lines.Add(source.Current);
            speechMs += Pacing.SpeechMs(source.Current.Text);
            count++;
        }

        var all = opening.Select(text => (Section: ScriptSection.Opening, Text: text))
            .Concat(lines)
            .Append((Section: ScriptSection.Closing, Text: closing))
            .ToList();
        // Longer lines, and the breath between rounds, get a little more time to sink in.
        var weights = all.Select(p => p.Section == ScriptSection.Interlude ? 2.0 : 1.0 + (Pacing.SpeechMs(p.Text) / 8_000.0)).ToList();
        var pauses = Pacing.Share(context.TotalMs - speechMs, weights);
        return [.. all.Select((p, i) => new PlannedPiece(p.Section, 0, new ScriptPiece(p.Text, Math.Clamp(pauses[i], MinPauseMs, MaxPauseMs))))];
    }

    /// <summary>Endless rounds: topic, theme and general lines woven together, reshuffled each round.</summary>
    private static IEnumerable<(ScriptSection Section, string Text)> Lines(ScriptContext context)
    {
        var themeLines = context.Topic.Themes.SelectMany(t => AffirmationLines.ByTheme[t]).Distinct().ToList();
        for (var round = 0; ; round++)
        {
            if (round > 0)
            {
                yield return (ScriptSection.Interlude, context.Pick(AffirmationLines.Interludes));
            }

            var queues = new[]
            {
                new Queue<string>(context.Random.Shuffle(context.Topic.IsEvent ? [.. AffirmationLines.Topic, .. AffirmationLines.TopicEvent] : AffirmationLines.Topic)),
                new Queue<string>(context.Random.Shuffle(themeLines)),
                new Queue<string>(context.Random.Shuffle(AffirmationLines.General)),
            };

            // The topic leads and recurs every few lines, so even a one-minute set is clearly about it.
            int[] weave = [0, 1, 2, 1, 2];
            for (var i = 0; queues.Any(q => q.Count > 0); i++)
            {
                if (round == 0 && i == 2 && context.Name is not null)
                {
                    yield return (ScriptSection.Affirmations, context.Pick(AffirmationLines.NameLines));
                }

                if (round == 0 && i == 4 && context.Feeling is not null)
                {
                    yield return (ScriptSection.Affirmations, context.Pick(context.FeelingIsHard ? AffirmationLines.HardFeelingLines : AffirmationLines.GladFeelingLines));
                }

                var queue = queues[weave[i % weave.Length]];
                var from = queue.Count > 0 ? queue : queues.First(q => q.Count > 0);
                yield return (ScriptSection.Affirmations, context.Fill(from.Dequeue()));
            }
        }
    }
}
