namespace WaQup.Providers.Content;

/// <summary>Plans a daily ritual: an opening, timed steps whose silences fill their announced time, and a closing.</summary>
internal static class RitualPlanner
{
    public const int FramePauseMs = 1_500;
    private const int MinPauseMs = 500;
    private const int GuidanceEveryMs = 15_000;

    public static List<PlannedPiece> Plan(ScriptContext context)
    {
        var opening = new List<string>();
        if (context.Name is not null)
        {
            opening.Add(context.Pick(RitualLines.GreetingsWithName));
        }

        opening.Add(context.Pick(RitualLines.Framing));
        if (context.Minutes >= 3)
        {
            opening.Add(context.Pick(RitualLines.Instructions));
        }

        List<string> closing = [context.Pick(RitualLines.ClosingsWithName, RitualLines.Closings)];
        if (context.Minutes >= 2)
        {
            closing.Add(context.Pick(RitualLines.Farewells));
        }

        var frameMs = opening.Concat(closing).Sum(s => Pacing.SpeechMs(s) + FramePauseMs);
        var stepCount = Math.Clamp(2 + (int)Math.Round(Math.Log2(context.Minutes) * 1.2), 2, 10);
        var seconds = StepSeconds(Math.Max(stepCount * 10_000, context.TotalMs - frameMs) / 1000.0, stepCount);

        var steps = new List<RitualStep> { context.Random.Pick(RitualLines.Grounding) };
        steps.AddRange(context.Random.Shuffle(RitualLines.Middle).Take(stepCount - 2));
        steps.Add(context.Random.Pick(RitualLines.Closing));

        var pieces = opening.Select(s => new PlannedPiece(ScriptSection.Opening, 0, new ScriptPiece(s, FramePauseMs))).ToList();
        for (var i = 0; i < steps.Count; i++)
        {
            pieces.AddRange(Step(context, i + 1, steps[i], seconds[i]));
        }

        pieces.AddRange(closing.Select(s => new PlannedPiece(ScriptSection.Closing, 0, new ScriptPiece(s, FramePauseMs))));

        // Steps are announced in round numbers; the opening's last pause takes up the difference from the exact length.
        var residual = context.TotalMs - pieces.Sum(p => Pacing.SpeechMs(p.Piece.Text) + p.Piece.PauseAfterMs);
        var lastOpening = opening.Count - 1;
        var adjusted = pieces[lastOpening].Piece with { PauseAfterMs = Math.Max(MinPauseMs, FramePauseMs + residual) };
        pieces[lastOpening] = pieces[lastOpening] with { Piece = adjusted };
        return pieces;
    }

    /// <summary>How long each step lasts, in seconds that are easy to say: fives, half minutes or whole minutes.</summary>
    private static int[] StepSeconds(double budgetSeconds, int stepCount)
    {
        var perStep = budgetSeconds / stepCount;
        var unit = perStep < 60 ? 5 : perStep < 240 ? 30 : 60;
        var units = Math.Max(stepCount * Math.Max(1, 10 / unit), (int)Math.Round(budgetSeconds / unit));
        var seconds = new int[stepCount];
        for (var i = 0; i < stepCount; i++)
        {
            // Spreads the leftover units over the steps rather than piling them onto the first.
            seconds[i] = ((((i + 1) * units) / stepCount) - ((i * units) / stepCount)) * unit;
        }

        return seconds;
    }

    private static List<PlannedPiece> Step(ScriptContext context, int number, RitualStep step, int seconds)
    {
        var stepMs = seconds * 1000;
        var announcement = $"Step {NumberWords.Cardinal(number)}, {context.Fill(step.Instruction, startsSentence: false)}, for the next {Spoken(seconds)}.";
        var room = stepMs - Pacing.SpeechMs(announcement);
        // A short step has room for only some of its guidance; which lines is left to the seed, their order is kept.
        var guidanceCount = Math.Clamp(room / GuidanceEveryMs, 0, step.Guidance.Length);
        var guidance = context.Random.Shuffle(Enumerable.Range(0, step.Guidance.Length))
            .Take(guidanceCount)
            .Order()
            .Select(i => context.Fill(step.Guidance[i]))
            .ToList();
        List<string> texts = [announcement, .. guidance];
        var silence = stepMs - texts.Sum(Pacing.SpeechMs);
        var pauses = Pacing.Share(silence, [.. Enumerable.Repeat(1.0, texts.Count)]);
        return [.. texts.Select((t, i) => new PlannedPiece(ScriptSection.Step, number, new ScriptPiece(t, Math.Max(MinPauseMs, pauses[i]))))];
    }

    /// <summary>"twenty seconds", "minute", "minute and a half", "three minutes": what follows "for the next".</summary>
    private static string Spoken(int seconds)
    {
        var minutes = seconds / 60;
        var rest = seconds % 60;
        var wholeMinutes = minutes == 1 ? "minute" : $"{NumberWords.Cardinal(minutes)} minutes";
        return (minutes, rest) switch
        {
            (0, _) => $"{NumberWords.Cardinal(rest)} seconds",
            (_, 0) => wholeMinutes,
            (1, 30) => "minute and a half",
            (_, 30) => $"{NumberWords.Cardinal(minutes)} and a half minutes",
            (1, _) => $"minute and {NumberWords.Cardinal(rest)} seconds",
            _ => $"{wholeMinutes} and {NumberWords.Cardinal(rest)} seconds",
        };
    }
}
