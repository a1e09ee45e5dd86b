using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;
using Xunit;

namespace WaQup.Tests.Content;

/// <summary>What the built-in slot extractor understands from ordinary phrasing.</summary>
public sealed class SlotExtractorSpecs
{
    private readonly BuiltInSlotExtractor _extractor = new();

    [Theory]
    [InlineData("I have a presentation in two hours", null)]
    [InlineData("my flight is in an hour, a meditation please", null)]
    [InlineData("a two hour meditation", 60)]
    [InlineData("my exam is in two hours, give me ten minutes of affirmations", 10)]
    public void In_so_many_hours_is_when_it_happens_not_how_long_the_ritual_lasts(string utterance, int? minutes)
    {
        Assert.Equal(minutes, new BuiltInSlotExtractor().Extract(utterance, SlotValues.Empty).DurationMinutes);
    }

    [Fact]
    public void Exam_request_in_ordinary_phrasing_fills_kind_topic_and_duration()
    {
        var slots = _extractor.Extract("something to calm me down before my exam, five minutes", SlotValues.Empty);
        Assert.Equal(new SlotValues(RitualKind.Meditation, "calm before my exam", 5, null), slots);
    }

    [Fact]
    public void Affirmation_request_names_the_kind_and_keeps_the_topic_words()
    {
        var slots = _extractor.Extract("give me affirmations for confidence at work", SlotValues.Empty);
        Assert.Equal(new SlotValues(RitualKind.Affirmation, "confidence at work", null, null), slots);
    }

    [Fact]
    public void Morning_ritual_request_fills_kind_duration_and_purpose()
    {
        var slots = _extractor.Extract("a 10 minute morning ritual to start my day with energy", SlotValues.Empty);
        Assert.Equal(new SlotValues(RitualKind.Ritual, "starting my day with energy", 10, null), slots);
    }

    [Fact]
    public void Cannot_sleep_asks_for_a_meditation_about_sleep()
    {
        var slots = _extractor.Extract("I can't sleep", SlotValues.Empty);
        Assert.Equal(new SlotValues(RitualKind.Meditation, "sleep", null, null), slots);
    }

    [Theory]
    [InlineData("something to calm me down before my exam, five minutes", RitualKind.Meditation, "calm before my exam", 5, null)]
    [InlineData("give me affirmations for confidence at work", RitualKind.Affirmation, "confidence at work", null, null)]
    [InlineData("a 10 minute morning ritual to start my day with energy", RitualKind.Ritual, "starting my day with energy", 10, null)]
    [InlineData("I can't sleep", RitualKind.Meditation, "sleep", null, null)]
    [InlineData("Could you make me a 20-minute guided meditation about letting go of stress?", RitualKind.Meditation, "letting go of stress", 20, null)]
    [InlineData("mantras for self-love, half an hour", RitualKind.Affirmation, "self-love", 30, null)]
    [InlineData("an hour of meditation for deep sleep", RitualKind.Meditation, "deep sleep", 60, null)]
    [InlineData("quick breathing exercise for anxiety, 3 min", RitualKind.Meditation, "anxiety", 3, null)]
    [InlineData("I'd like a routine for winding down after work", RitualKind.Ritual, "winding down after work", null, null)]
    [InlineData("Positive affirmations about my body please", RitualKind.Affirmation, "my body", null, null)]
    [InlineData("let's do a 15 min visualisation of my job interview going well", RitualKind.Meditation, "my job interview going well", 15, null)]
    [InlineData("twenty-five minutes", null, null, 25, null)]
    [InlineData("a minute of calm", RitualKind.Meditation, "calm", 1, null)]
    [InlineData("meditate on gratitude for ten minutes in a male voice", RitualKind.Meditation, "gratitude", 10, "male")]
    [InlineData("a sleep meditation in a female voice", RitualKind.Meditation, "sleep", null, "female")]
    [InlineData("voice: en-us", null, null, null, "en-us")]
    [InlineData("an evening habit to help me relax", RitualKind.Ritual, "relaxation", null, null)]
    [InlineData("help me feel more confident at work", null, "feeling more confident at work", null, null)]
    [InlineData("I want to meditate about my exam tomorrow", RitualKind.Meditation, "my exam tomorrow", null, null)]
    [InlineData("make it 10-minutes", null, null, 10, null)]
    [InlineData("a daily practice for focus, 12 mins, british female voice", RitualKind.Ritual, "focus", 12, "en-gb+f3")]
    [InlineData("two hours of meditation", RitualKind.Meditation, null, 60, null)]
    [InlineData("I'm nervous about my presentation", RitualKind.Meditation, "my presentation", null, null)]
    [InlineData("Affirmations.", RitualKind.Affirmation, null, null, null)]
    [InlineData("a quarter of an hour of breathing for focus", RitualKind.Meditation, "focus", 15, null)]
    [InlineData("some mantras for a good night's sleep, about a couple of minutes", RitualKind.Affirmation, "a good night's sleep", 2, null)]
    [InlineData("ten", null, null, 10, null)]
    [InlineData("a confidence routine for my job interview in an american accent", RitualKind.Ritual, "my job interview", null, "en-us")]
    [InlineData("Help me relax before bed.", RitualKind.Meditation, "relaxing before bed", null, null)]
    [InlineData("an affirmation set about being kinder to myself", RitualKind.Affirmation, "being kinder to myself", null, null)]
    [InlineData("I need a ritual so I can focus on studying, 25 minutes", RitualKind.Ritual, "focusing on studying", 25, null)]
    [InlineData("I have a big presentation on Monday", null, "my big presentation on Monday", null, null)]
    [InlineData("is there something for sleep?", RitualKind.Meditation, "sleep", null, null)]
    [InlineData("can we do breathing for 4 minutes", RitualKind.Meditation, null, 4, null)]
    public void Ordinary_phrasing_fills_the_slots_it_mentions(string utterance, RitualKind? kind, string? topic, int? minutes, string? voice)
    {
        var slots = _extractor.Extract(utterance, SlotValues.Empty);
        // The topic with its moment, as the quote says it; NeedSpecs hold the feeling and the moment apart.
        Assert.Equal(new SlotValues(kind, topic, minutes, voice), slots with { Topic = slots.TopicAndMoment, Feeling = null, Moment = null });
    }

    [Theory]
    [InlineData("5 minutes", 5)]
    [InlineData("10 min", 10)]
    [InlineData("10-minute", 10)]
    [InlineData("a ten-minute one", 10)]
    [InlineData("twenty five minutes", 25)]
    [InlineData("a minute", 1)]
    [InlineData("half an hour", 30)]
    [InlineData("an hour", 60)]
    [InlineData("one hour", 60)]
    [InlineData("sixty minutes", 60)]
    [InlineData("forty-five minutes", 45)]
    [InlineData("about fifteen minutes or so", 15)]
    [InlineData("two and a half minutes", 3)]
    [InlineData("90 seconds", 2)]
    [InlineData("three hours", 60)]
    [InlineData("0 minutes", 1)]
    [InlineData("12m", 12)]
    public void Durations_are_read_in_digits_or_words_and_clamped(string utterance, int expected)
    {
        Assert.Equal(expected, _extractor.Extract(utterance, SlotValues.Empty).DurationMinutes);
    }

    [Theory]
    [InlineData("give me a minute")]
    [InlineData("wait a second")]
    [InlineData("I'm in my 30s and stressed")]
    public void Figures_of_speech_are_not_durations(string utterance)
    {
        Assert.Null(_extractor.Extract(utterance, SlotValues.Empty).DurationMinutes);
    }

    [Theory]
    [InlineData("in a female voice", "female")]
    [InlineData("with a male voice please", "male")]
    [InlineData("use a woman's voice", "female")]
    [InlineData("voice: en-us", "en-us")]
    [InlineData("the en-gb voice", "en-gb")]
    [InlineData("a british female voice", "en-gb+f3")]
    [InlineData("in an american accent", "en-us")]
    [InlineData("a scottish male narrator", "en-gb-scotland+m3")]
    [InlineData("voice en+f2", "en+f2")]
    [InlineData("voice: awb", "awb")]
    [InlineData("in the rms voice", "rms")]
    [InlineData("use the slt voice please", "slt")]
    public void Voice_phrases_map_to_voice_names(string utterance, string expected)
    {
        var slots = _extractor.Extract(utterance, SlotValues.Empty);
        Assert.Equal(expected, slots.Voice);
        Assert.Null(slots.Topic);
    }

    [Fact]
    public void A_voice_described_only_by_manner_is_kept_out_of_the_topic_and_leaves_the_voice_unset()
    {
        var slots = _extractor.Extract("a meditation for sleep in a soft, calm voice", SlotValues.Empty);
        Assert.Equal(new SlotValues(RitualKind.Meditation, "sleep", null, null), slots);
    }

    [Fact]
    public void A_voice_is_unset_when_not_mentioned()
    {
        Assert.Null(_extractor.Extract("a meditation for my voice lessons tomorrow is what I need", SlotValues.Empty).Voice);
        Assert.Null(_extractor.Extract("affirmations for confidence", SlotValues.Empty).Voice);
    }

    [Fact]
    public void Later_statements_override_what_was_known()
    {
        var known = new SlotValues(RitualKind.Affirmation, "sleep", 10, "male");
        var slots = _extractor.Extract("actually a 5 minute meditation about my exam in a female voice", known);
        Assert.Equal(new SlotValues(RitualKind.Meditation, "my exam", 5, "female"), slots);
    }

    [Fact]
    public void Values_not_mentioned_keep_what_was_known()
    {
        var known = new SlotValues(RitualKind.Ritual, "starting my day with energy", 10, "en-gb");
        Assert.Equal(known with { DurationMinutes = 5 }, _extractor.Extract("five minutes", known));
        Assert.Equal(known with { Topic = "sleep" }, _extractor.Extract("make it about sleep", known));
        Assert.Equal(known with { Voice = "female" }, _extractor.Extract("in a female voice", known));
        Assert.Equal(known with { Kind = RitualKind.Affirmation }, _extractor.Extract("affirmations instead", known));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("Yes please!")]
    [InlineData("no thanks")]
    [InlineData("ok")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hmm")]
    public void A_bare_answer_fills_nothing(string utterance)
    {
        var known = new SlotValues(null, "sleep", null, null);
        Assert.Equal(known, _extractor.Extract(utterance, known));
    }

    [Theory]
    [InlineData("make it longer")]
    [InlineData("I don't know")]
    [InlineData("surprise me")]
    [InlineData("anything is fine")]
    [InlineData("how much does it cost?")]
    [InlineData("thanks")]
    public void No_preference_or_a_question_leaves_the_topic_alone(string utterance)
    {
        var known = new SlotValues(RitualKind.Ritual, "sleep", 5, null);
        Assert.Equal(known, _extractor.Extract(utterance, known));
    }

    [Fact]
    public void A_suggested_meditation_never_overrides_a_known_kind()
    {
        var known = new SlotValues(RitualKind.Affirmation, null, null, null);
        Assert.Equal(new SlotValues(RitualKind.Affirmation, "sleep", null, null), _extractor.Extract("something for sleep", known));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("Yes.")]
    [InlineData("yeah")]
    [InlineData("yep")]
    [InlineData("sure")]
    [InlineData("OK")]
    [InlineData("okay!")]
    [InlineData("please do")]
    [InlineData("go ahead")]
    [InlineData("Sounds good.")]
    [InlineData("let's do it")]
    [InlineData("Let’s do it!")]
    [InlineData("do it")]
    [InlineData("yes please")]
    [InlineData("Yeah, sure, go ahead.")]
    [InlineData("ok thanks")]
    public void Yes_in_its_many_forms_confirms(string utterance)
    {
        Assert.True(_extractor.ParseConfirmation(utterance));
    }

    [Theory]
    [InlineData("no")]
    [InlineData("No!")]
    [InlineData("nope")]
    [InlineData("not now")]
    [InlineData("cancel")]
    [InlineData("Stop.")]
    [InlineData("don't")]
    [InlineData("never mind")]
    [InlineData("no thanks")]
    [InlineData("No, thank you.")]
    [InlineData("please don't")]
    public void No_in_its_many_forms_declines(string utterance)
    {
        Assert.False(_extractor.ParseConfirmation(utterance));
    }

    [Theory]
    [InlineData("")]
    [InlineData("five minutes")]
    [InlineData("yes but make it shorter")]
    [InlineData("no, make it about sleep")]
    [InlineData("yes no")]
    [InlineData("what does it cost?")]
    [InlineData("I don't know what I want")]
    [InlineData("stop worrying about work")]
    public void Anything_that_is_not_a_plain_yes_or_no_is_neither(string utterance)
    {
        Assert.Null(_extractor.ParseConfirmation(utterance));
    }
}
