namespace WaQup.Providers.Content;

/// <summary>Plans a guided meditation: arrival, breath, body scan, imagery on the topic, and return, in that order.</summary>
internal static class MeditationPlanner
{
    public const int MinPauseMs = 1_000;

    // Rough speaking time per sentence, used only to decide how many sentences a section gets.
    private const double ShortSentenceMs = 3_750;
    private const double LongSentenceMs = 4_500;

    private static readonly (ScriptSection Section, double ShareOfSpeech, double PauseWeight)[] Sections =
    [
        (ScriptSection.Arrival, 0.12, 1.0),
        (ScriptSection.Breath, 0.20, 1.6),
        (ScriptSection.Body, 0.30, 1.3),
        (ScriptSection.Imagery, 0.26, 1.4),
        (ScriptSection.Return, 0.12, 1.0),
    ];

    public static List<PlannedPiece> Plan(ScriptContext context)
    {
        // Short meditations are mostly guidance; long ones are mostly silence, but still get more to say.
        var speechShare = Math.Clamp(0.5 - (0.07 * Math.Log(context.Minutes)), 0.2, 0.5);
        var speechBudget = speechShare * context.TotalMs;
        var carried = 0.0;
        var planned = new List<(ScriptSection Section, double Weight, string Text)>();
        foreach (var (section, share, weight) in Sections)
        {
            var budget = (speechBudget * share) + carried;
            var sentences = section switch
            {
                ScriptSection.Arrival => Arrival(context, budget),
                ScriptSection.Breath => Breath(context, budget),
                ScriptSection.Body => Body(context, budget),
                ScriptSection.Imagery => Imagery(context, budget),
                _ => Return(context, budget),
            };

            // A section that runs out of fresh things to say hands its time to the next one.
            carried = Math.Max(0, budget - sentences.Sum(Pacing.SpeechMs));
            for (var i = 0; i < sentences.Count; i++)
            {
                var endsSection = i == sentences.Count - 1;
                planned.Add((section, endsSection ? weight + 1.5 : weight, sentences[i]));
            }
        }

        planned[^1] = planned[^1] with { Weight = 0.6 };
        var silence = context.TotalMs - planned.Sum(p => Pacing.SpeechMs(p.Text));
        var pauses = Pacing.Share(silence, [.. planned.Select(p => p.Weight)]);
        return [.. planned.Select((p, i) => new PlannedPiece(p.Section, 0, new ScriptPiece(p.Text, Math.Max(MinPauseMs, pauses[i]))))];
    }

    private static List<string> Arrival(ScriptContext context, double budgetMs)
    {
        List<string> sentences = [context.Pick(MeditationLines.GreetingsWithName, MeditationLines.Greetings)];
        if (context.Feeling is not null)
        {
            sentences.Add(context.Pick(context.FeelingIsHard ? MeditationLines.HardFeelingArrival : MeditationLines.GladFeelingArrival));
        }

        AddWhileUnder(sentences, budgetMs, context.Random.Shuffle(MeditationLines.Arrival).Select(s => context.Fill(s)));
        return sentences;
    }

    private static List<string> Breath(ScriptContext context, double budgetMs)
    {
        List<string> sentences = [context.Pick(MeditationLines.BreathOpeners)];
        var blocks = context.Topic.IsEvent ? [.. MeditationLines.BreathBlocks, .. MeditationLines.BreathEventBlocks] : MeditationLines.BreathBlocks;
        // Each block once: a long sitting that runs out of them hands the time on rather than say a line again.
        foreach (var block in context.Random.Shuffle(blocks))
        {
            if (sentences.Sum(Pacing.SpeechMs) >= budgetMs)
            {
                break;
            }

            sentences.AddRange(block.Select(s => context.Fill(s)));
        }

        return sentences;
    }

    private static List<string> Body(ScriptContext context, double budgetMs)
    {
        var topDown = context.Random.Next(2) == 0;
        var parts = topDown ? MeditationLines.BodyTopToToe : [.. MeditationLines.BodyTopToToe.Reverse()];
        var wanted = Math.Max(1, (int)Math.Round(budgetMs / ShortSentenceMs));
        if (wanted <= 2)
        {
            List<string> brief = [context.Pick(MeditationLines.BodyCompact)];
            if (wanted == 2)
            {
                brief.Add(context.Pick(MeditationLines.BodyClose));
            }

            return brief;
        }

        List<string> sentences = [context.Pick(topDown ? MeditationLines.BodyIntroTopDown : MeditationLines.BodyIntroBottomUp)];
        var partSentences = wanted - 2;
        var templates = new Queue<string>();
        var used = new HashSet<(string Part, string Template)>();
        if (partSentences <= parts.Length)
        {
            // Fewer sentences than places: visit evenly spaced places, still in order from one end to the other.
            for (var i = 0; i < partSentences; i++)
            {
                sentences.Add(BodySentence(context, parts[i * parts.Length / partSentences], templates, used));
            }
        }
        else
        {
            var perPart = Math.Min(MeditationLines.BodyTemplates.Length, partSentences / parts.Length);
            var extra = partSentences - (perPart * parts.Length);
            for (var i = 0; i < parts.Length; i++)
            {
                var count = perPart + (extra > 0 && i * extra / parts.Length != (i + 1) * extra / parts.Length ? 1 : 0);
                for (var j = 0; j < Math.Min(count, MeditationLines.BodyTemplates.Length); j++)
                {
                    sentences.Add(BodySentence(context, parts[i], templates, used));
                }
            }
        }

        sentences.Add(context.Pick(MeditationLines.BodyClose));
        return sentences;
    }

    private static string BodySentence(ScriptContext context, BodyPart part, Queue<string> templates, HashSet<(string Part, string Template)> used)
    {
        // Templates are dealt from a shuffled deck, so neighbouring places never hear the same sentence; a place
        // visited more than once never gets a template it has had (there are at least as many templates as visits).
        if (templates.Count == 0 || templates.All(t => used.Contains((part.Phrase, t))))
        {
            foreach (var template in context.Random.Shuffle(MeditationLines.BodyTemplates))
            {
                templates.Enqueue(template);
            }
        }

        while (used.Contains((part.Phrase, templates.Peek())))
        {
            templates.Enqueue(templates.Dequeue());
        }

        used.Add((part.Phrase, templates.Peek()));
        var text = templates.Dequeue()
            .Replace("{p}", part.Phrase, StringComparison.Ordinal)
            .Replace("{it}", part.It, StringComparison.Ordinal)
            .Replace("{they}", part.They, StringComparison.Ordinal)
            .Replace("{is}", part.Is, StringComparison.Ordinal)
            .Replace("{feels}", part.Feels, StringComparison.Ordinal);
        return TopicPhrase.Capitalise(text);
    }

    private static List<string> Imagery(ScriptContext context, double budgetMs)
    {
        var wanted = Math.Max(2, (int)Math.Round(budgetMs / LongSentenceMs));
        var topicCount = Math.Max(1, (int)Math.Round(wanted * 0.4));
        var sceneCount = Math.Max(1, wanted - topicCount);

        var scenes = new List<string>();
        var changes = new Queue<string>(context.Random.Shuffle(MeditationLines.SceneChanges));
        foreach (var scene in context.Random.Shuffle(MeditationLines.Scenes))
        {
            if (scenes.Count > 0)
            {
                // A change of scene needs at least one sentence of the new scene after it.
                if (sceneCount - scenes.Count < 2 || changes.Count == 0)
                {
                    break;
                }

                scenes.Add(changes.Dequeue());
            }

            scenes.AddRange(scene.Take(sceneCount - scenes.Count));
            if (scenes.Count >= sceneCount)
            {
                break;
            }
        }

        var general = new Queue<string>(context.Random.Shuffle(context.Topic.IsEvent ? [.. MeditationLines.ImageryTopic, .. MeditationLines.ImageryEvent] : MeditationLines.ImageryTopic));
        var themed = new Queue<string>(context.Random.Shuffle(context.Topic.Themes.SelectMany(t => MeditationLines.ImageryByTheme[t])));
        var topical = new List<string>();
        for (var i = 0; i < topicCount; i++)
        {
            var queue = (i % 2 == 0 && general.Count > 0) || themed.Count == 0 ? general : themed;
            if (queue.Count == 0)
            {
                break;
            }

            topical.Add(context.Fill(queue.Dequeue()));
        }

        // The scene is set first, then the topic is brought into it at even intervals.
        var lead = Math.Min(2, scenes.Count - 1);
        var sentences = scenes.Take(Math.Max(1, lead)).ToList();
        var rest = scenes.Skip(sentences.Count).ToList();
        var gap = topical.Count == 0 ? 0 : rest.Count / topical.Count;
        var next = 0;
        foreach (var line in topical)
        {
            sentences.Add(line);
            sentences.AddRange(rest.Skip(next).Take(gap));
            next += gap;
        }

        sentences.AddRange(rest.Skip(next));
        return sentences;
    }

    private static List<string> Return(ScriptContext context, double budgetMs)
    {
        var wanted = (int)Math.Round(budgetMs / ShortSentenceMs);
        if (wanted <= 1)
        {
            return [context.Pick(MeditationLines.ReturnCompact)];
        }

        var opener = context.Pick(MeditationLines.ReturnOpeners);
        var closer = context.Pick(MeditationLines.ReturnClosers);
        var optional = new List<string> { context.Pick(context.Topic.IsEvent ? [.. MeditationLines.ReturnTopic, .. MeditationLines.ReturnEvent] : MeditationLines.ReturnTopic) };
        if (context.Name is not null)
        {
            optional.Add(context.Pick(MeditationLines.ReturnWithName));
        }

        var middle = context.Random.Shuffle(MeditationLines.ReturnMiddle).Select(s => context.Fill(s));
        var chosen = optional.Concat(middle).Take(Math.Max(0, wanted - 2)).ToList();

        // Topic and name come last before the closer, where they land as a farewell.
        var personal = chosen.Take(optional.Count).ToList();
        List<string> sentences = [opener, .. chosen.Skip(optional.Count), .. personal, closer];
        return sentences;
    }

    private static void AddWhileUnder(List<string> sentences, double budgetMs, IEnumerable<string> candidates)
    {
        var spoken = sentences.Sum(Pacing.SpeechMs);
        foreach (var sentence in candidates)
        {
            if (spoken >= budgetMs)
            {
                return;
            }

            sentences.Add(sentence);
            spoken += Pacing.SpeechMs(sentence);
        }
    }
}
