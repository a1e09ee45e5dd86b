using System.Text.RegularExpressions;

namespace WaQup.Providers.Content;

/// <summary>
/// What someone said about their need, taken apart: the thing it is about (as words the topic rules can turn into a
/// noun phrase), how they feel, and when it is. "I have a job interview tomorrow and I'm really nervous" is "I have a job
/// interview", "nervous" and "tomorrow", so no script ever pastes the whole sentence into a slot.
/// </summary>
/// <param name="About">The clauses the topic may come from, in the person's own (first-person) phrasing, best first.</param>
/// <param name="Feeling">How they feel, one of <see cref="Feelings"/> ("nervous", "burnt out"); null when not said.</param>
/// <param name="Moment">When it is ("tomorrow", "this afternoon", "on Friday"); null when not said.</param>
public sealed partial record NeedParts(IReadOnlyList<string> About, string? Feeling, string? Moment)
{
    /// <summary>Words for how someone feels that the writer can use after "feeling" or "when you feel".</summary>
    public static readonly IReadOnlyList<string> Feelings =
    [
        "nervous", "anxious", "stressed", "worried", "scared", "afraid", "terrified", "frightened", "panicky", "jittery",
        "tense", "uneasy", "on edge", "overwhelmed", "sad", "down", "low", "lonely", "heartbroken", "hurt", "angry",
        "frustrated", "irritable", "upset", "tired", "exhausted", "drained", "burnt out", "burned out", "frazzled",
        "restless", "unmotivated", "stuck", "insecure", "guilty", "ashamed", "embarrassed", "jealous", "confused", "numb",
        "excited", "hopeful", "grateful", "happy", "calm",
    ];

    /// <summary>Takes apart lower-case words (the slot extractor's, with the duration and voice already gone).</summary>
    public static NeedParts Parse(string text)
    {
        var moment = MomentWords().Match(text);
        string? when = null;
        if (moment.Success)
        {
            when = ProperDay().Replace(Spaces().Replace(moment.Groups["when"].Value.Trim(), " "), m => char.ToUpperInvariant(m.Value[0]) + m.Value[1..]);
            text = text.Remove(moment.Index, moment.Length).Insert(moment.Index, " ");
        }

        string? feeling = null;
        string? feelingObject = null;
        var content = new List<string>();
        foreach (var raw in ClauseBreak().Split(text))
        {
            var clause = Spaces().Replace(raw, " ").Trim();
            if (clause.Length == 0)
            {
                continue;
            }

            if (FeelingClause().Match(clause) is { Success: true } felt)
            {
                feeling = Canonical(felt.Groups["feeling"].Value);
                if (felt.Groups["object"] is { Success: true } target && Meaningful(target.Value))
                {
                    feelingObject ??= target.Value;
                }

                continue;
            }

            if (MakesMeFeel().Match(clause) is { Success: true } cause)
            {
                feeling = Canonical(cause.Groups["feeling"].Value);
                feelingObject ??= cause.Groups["object"].Value;
                continue;
            }

            if (Rephrase(clause) is { Length: > 0 } rephrased && Meaningful(rephrased))
            {
                content.Add(rephrased);
            }
        }

        // What the need is about, best first: a clause naming something ("I have an exam", "my wedding is ..."), then
        // what the feeling is about ("worried about my mum's surgery"), then whatever else was said ("I can't sleep").
        List<string> about = [.. content.Where(NamesSomething)];
        if (feelingObject is not null)
        {
            about.Add(feelingObject);
        }

        about.AddRange(content.Where(clause => !NamesSomething(clause)));
        return new NeedParts(about, feeling, when);
    }

    /// <summary>"burned out" and "burnt out" are one feeling; "stressed out" is "stressed".</summary>
    private static string Canonical(string feeling)
    {
        var words = Spaces().Replace(feeling.Trim(), " ");
        return words switch
        {
            "burned out" => "burnt out",
            "stressed out" => "stressed",
            "freaked out" => "scared",
            _ => words,
        };
    }

    private static bool Meaningful(string words) => !Nothing().IsMatch(words.Trim());

    private static bool NamesSomething(string clause) => Named().IsMatch(clause);

    /// <summary>
    /// A clause's past tense and "X is Y" said as something the topic rules can name: "I just lost my job" → "losing my
    /// job", "my dog died" → "losing my dog", "I had a fight with him" → "the fight with him", "my daughter is sick" →
    /// "my daughter being sick", "my wedding is" (its moment taken out) → "my wedding", "I have surgery" → "my surgery".
    /// </summary>
    private static string Rephrase(string clause)
    {
        clause = Adverb().Replace(clause, "i ");

        // "the mistake I made" is "my mistake": a topic holds no "I" of its own.
        clause = WhatIDid().Replace(clause, "my ${what}");
        if (NoSubject().IsMatch(clause))
        {
            // "... and can't sleep": the subject went with the clause before.
            clause = "i " + clause;
        }

        if (ItIs().Match(clause) is { Success: true } itIs)
        {
            // "it's my birthday", "(tomorrow) is my first day": about "my birthday", "my first day".
            clause = clause[itIs.Length..];
        }

        if (FeelLike().Match(clause) is { Success: true } like)
        {
            // "I feel like I'm not good enough at work" is about feeling good enough there: the wish, not the fear.
            return "feeling " + like.Groups["what"].Value;
        }

        if (Died().Match(clause) is { Success: true } died)
        {
            return "losing " + died.Groups["who"].Value;
        }

        if (Lost().Match(clause) is { Success: true } lost)
        {
            return "losing " + clause[lost.Length..];
        }

        if (HadA().Match(clause) is { Success: true } had)
        {
            return "the " + clause[had.Length..];
        }

        if (BareHave().Match(clause) is { Success: true } have)
        {
            return "my " + clause[have.Length..];
        }

        if (WeAreDoing().Match(clause) is { Success: true } doing)
        {
            // "we're moving house" is about "moving house".
            return doing.Groups["doing"].Value;
        }

        if (KeepsDoing().Match(clause) is { Success: true } keeps)
        {
            // "my mind keeps racing" is about "my mind racing".
            return $"{keeps.Groups["subject"].Value} {keeps.Groups["doing"].Value}";
        }

        if (SomeoneDid().Match(clause) is { Success: true } did && VerbForms.IsFiniteAfterANoun(did.Groups["verb"].Value))
        {
            // "my boss yelled at me" is about "my boss yelling at me"; "my daughter starts school" about "my daughter starting school".
            return $"{did.Groups["subject"].Value} {TopicPhrase.Gerund(VerbForms.Base(did.Groups["verb"].Value))}{did.Groups["rest"].Value}";
        }

        if (IsClause().Match(clause) is { Success: true } state)
        {
            var predicate = state.Groups["predicate"].Value.Trim();
            return predicate.Length == 0 ? state.Groups["subject"].Value : $"{state.Groups["subject"].Value} being {predicate}";
        }

        return clause;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // When it is: at most one, the first said. Not "tomorrow's" (that is part of a noun phrase), not "at night" (habit).
    [GeneratedRegex(@"(?:\b(?:about|for|before|until|by)\s+)?(?<![\w'])(?<when>(?:later\s+)?(?:today|tonight)|tomorrow(?:\s+(?:morning|afternoon|evening|night))?|this\s+(?:morning|afternoon|evening|weekend|week|month|year)|next\s+(?:week|month|year|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?|in\s+(?:an|one|two|three|a\s+few|a\s+couple\s+of)\s+(?:hours?|days?|weeks?)|yesterday|last\s+(?:night|week|month|year|weekend))(?!['\w])")]
    private static partial Regex MomentWords();

    [GeneratedRegex(@"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")]
    private static partial Regex ProperDay();

    // Clauses: commas and semicolons; "can you ..." (the request); "since", "after", "when" before a new subject; and
    // "and", "but", "because", "so", "cause" when a new clause follows them.
    [GeneratedRegex(@"\s*[,;]\s*|\s+(?=(?:can|could|would|will)\s+you\b)|\s+(?:ever\s+since|since|after|when)\s+(?=(?:my|our|i|we|he|she|they|the)\b)|\s+(?=(?:i'm|i\s+am|i\s+feel|i've\s+been)\s)|\s+(?:and|but|because|cause|cos|so)\s+(?=(?:i|i'm|im|i've|i'd|my|it|it's|we|we're|they|the|can't|cannot|can|feel|feeling|am|really|so|very|a\s+bit|kind\s+of|[a-z]+ing)\b)|\s+(?:and|but)\s+(?=(?:a\s+bit\s+|a\s+little\s+|really\s+|so\s+|very\s+)?(?:nervous|anxious|stressed|worried|scared|afraid|terrified|excited|tired|sad|upset|overwhelmed|tense|lonely)\b)")]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"^(?:(?:i'm|im|i\s+am|i've\s+been|i\s+have\s+been|i\s+feel|i\s+felt|i'm\s+feeling|i\s+am\s+feeling|feeling|i\s+get|i\s+got|i\s+was|i\s+keep\s+feeling)\s+)?(?:(?:really|so|very|quite|a\s+bit|a\s+little|a\s+little\s+bit|kind\s+of|kinda|pretty|super|extremely|too|totally|incredibly|rather|more|still|just|also|getting|feeling)\s+)*(?<feeling>nervous|anxious|stressed(?:\s+out)?|worried|scared|afraid|terrified|frightened|freaked\s+out|panicky|jittery|tense|uneasy|on\s+edge|overwhelmed|sad|down|low|lonely|heartbroken|hurt|angry|mad|frustrated|irritable|upset|tired|exhausted|drained|burnt\s+out|burned\s+out|frazzled|restless|unmotivated|stuck|insecure|guilty|ashamed|embarrassed|jealous|confused|numb|excited|hopeful|grateful|happy)(?:\s+(?:all\s+the\s+time|lately|recently|these\s+days|at\s+the\s+moment|right\s+now|again|a\s+lot|constantly|all\s+day|every\s+day))*(?:\s+(?:about|of|with|by|at|from|before|after|over|for|around)\s+(?<object>.+))?$")]
    private static partial Regex FeelingClause();

    [GeneratedRegex(@"^(?<object>.+?)\s+(?:makes?|made|is\s+making|gets?)\s+me\s+(?:feel\s+)?(?:(?:really|so|very|a\s+bit|a\s+little|kind\s+of|super)\s+)*(?<feeling>nervous|anxious|stressed|worried|scared|afraid|terrified|tense|uneasy|sad|lonely|angry|mad|frustrated|upset|tired|exhausted|restless|insecure|guilty|excited|happy)$")]
    private static partial Regex MakesMeFeel();

    // Clauses that say nothing about the need ("hey", "ok", "please", "it", "everything", a lone conjunction, the "I feel
    // like" of "I feel like I'm not good enough", whose second half is a clause of its own).
    [GeneratedRegex(@"^(?:(?:hey|hi|hello|ok|okay|so|well|um+|uh+|please|thanks|yes|yeah|no|and|but|actually|oh|wait|sorry)\b\s*)*(?:it|that|this|it's|it\s+is|it\s+was|that's|it'll\s+be|it\s+will\s+be|everything|anything|things|stuff|all\s+of\s+it|about\s+it|about\s+that|it\s+all|i\s+(?:feel|felt)(?:\s+like)?)?$")]
    private static partial Regex Nothing();

    // A clause that names something: "I have a ...", "my ...", "the ...", "losing ...".
    [GeneratedRegex(@"^(?:i(?:'ve|\s+have)(?:\s+got)?\s+(?:a|an|my|the|this|some)\b|i\s+got\s+(?:a|an|my)\b|(?:my|the|our|a|an)\s+\w|losing\b)")]
    private static partial Regex Named();

    [GeneratedRegex(@"^i\s+(?:just|really|recently|finally|still|also|always|often|usually|sometimes|actually|kind\s+of)\s+")]
    private static partial Regex Adverb();

    [GeneratedRegex(@"^(?:can't|cannot|can\s+not|couldn't|keep|need|want|have\s+to)\s")]
    private static partial Regex NoSubject();

    [GeneratedRegex(@"^(?<who>(?:my|our)\s+.+?)\s+(?:just\s+|recently\s+|has\s+|have\s+)?(?:died|passed\s+away|passed)(?:\s+(?:away|recently|suddenly|unexpectedly))*$")]
    private static partial Regex Died();

    [GeneratedRegex(@"^i(?:'ve|\s+have)?\s+lost\s+(?=(?:my|our)\b)")]
    private static partial Regex Lost();

    [GeneratedRegex(@"^i\s+had\s+(?:a|an)\s+")]
    private static partial Regex HadA();

    [GeneratedRegex(@"^i(?:'ve|\s+have)(?:\s+got)?\s+(?!(?:a|an|the|my|this|some|to|trouble|a\s+hard|no|been|had|just|got|so|too|lots|always|never)\b)(?=[a-z])")]
    private static partial Regex BareHave();

    [GeneratedRegex(@"^(?<subject>(?:my|the|our)\s+(?:\w+'s\s+)?\w+)\s+(?:is|are|was|were|'s|has\s+been|have\s+been|had\s+been|got)(?:\s+(?<predicate>.*))?$")]
    private static partial Regex IsClause();

    [GeneratedRegex(@"\bthe\s+(?<what>\w+)\s+i\s+(?:made|had|did|said|missed|lost|caused|wrote|gave|took|chose|broke)\b")]
    private static partial Regex WhatIDid();

    [GeneratedRegex(@"^(?:it's|it\s+is|is|it\s+will\s+be|it'll\s+be)\s+(?=(?:my|our|the|a|an)\b)")]
    private static partial Regex ItIs();

    [GeneratedRegex(@"^(?:i\s+(?:feel|felt|often\s+feel|always\s+feel)\s+(?:like\s+)?)?(?:i'm|i\s+am|i\s+was)\s+not\s+(?<what>(?:good|smart|strong|pretty|attractive|confident|capable|lovable|talented|ready|worthy|clever|thin|fit|successful|brave|interesting|important)\b.*|enough\b.*)$")]
    private static partial Regex FeelLike();

    [GeneratedRegex(@"^(?:we're|we\s+are|they're|they\s+are)\s+(?<doing>[a-z]+ing\b.*)$")]
    private static partial Regex WeAreDoing();

    [GeneratedRegex(@"^(?<subject>(?:my|the|our)\s+(?:\w+'s\s+)?\w+)\s+(?:keeps|kept|is|are|was|were)\s+(?<doing>[a-z]{3,}ing\b.*)$")]
    private static partial Regex KeepsDoing();

    [GeneratedRegex(@"^(?<subject>(?:my|the|our)\s+(?:\w+'s\s+)?\w+)\s+(?:just\s+|always\s+|still\s+|never\s+)?(?<verb>[a-z]+)(?<rest>(?:\s.*)?)$")]
    private static partial Regex SomeoneDid();
}
