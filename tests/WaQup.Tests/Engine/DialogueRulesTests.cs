using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Configuration;
using WaQup.Grains.Sessions;
using WaQup.Grains.Sessions.Dialogue;
using static WaQup.Abstractions.Protocol.SessionState;

namespace WaQup.Tests.Engine;

/// <summary>
/// The dialogue of PROTOCOL.md, as a table: in this state, on this cue, the session moves here and does this. Each row
/// is one pure decision; no grain, no clock, no provider.
/// </summary>
public sealed class DialogueRulesTests
{
    private static readonly UserProfile Ana = new("u1", "Ana", new Preferences("slt", "en-US", 5));
    private static readonly SessionSlots Nothing = SessionSlots.Empty;
    private static readonly SessionSlots TopicOnly = new(null, "sleeping well", null, null);
    private static readonly SessionSlots KindOnly = new("meditation", null, null, null);
    private static readonly SessionSlots Whole = new("meditation", "sleeping well", 10, null);
    private static readonly RitualOrder Order = new("meditation", "sleeping well", 10, "slt", 5);

    private readonly DialogueRules _rules = new(new PricingOptions(), new SessionLines(60));

    /// <summary>state, slots and quote before; the cue; the state after; what the session does (see <see cref="Effects"/>).</summary>
    public static TheoryData<SessionState, string, SessionState, string> Flow => new()
    {
        // session.start: greet, then listen once the greeting is spoken (or at once, without one).
        { Greeting, "started", Greeting, "say greeting" },
        { Greeting, "started quietly", Listening, "write now" },
        { Greeting, "greeting spoken", Listening, "write now" },
        { Greeting, "reply cut", Listening, "write now" },
        { Clarifying, "greeting spoken", Clarifying, "-" },
        // user.text: ask for what is missing, or quote the price and ask.
        { Listening, "heard nothing useful", Clarifying, "say ask-what, write soon" },
        { Listening, "heard a topic", Clarifying, "say ask-kind, write soon" },
        { Greeting, "heard a kind", Clarifying, "say ask-topic, write soon" },
        { Listening, "heard everything", Confirming, "quote, write soon" },
        { Reviewing, "heard everything", Confirming, "quote, write soon" },
        // yes / no to the quote.
        { Confirming, "yes", Confirming, "produce" },
        { Confirming, "no", Listening, "say decline, write soon" },
        { Listening, "yes", Listening, "refuse: there is nothing to confirm" },
        // ritual.request: straight to production when confirmed.
        { Listening, "request confirmed", Listening, "produce" },
        { Listening, "request unconfirmed", Confirming, "quote, write soon" },
        // The reservation's outcome.
        { Confirming, "reserved", Generating, "write behind" },
        { Confirming, "not admitted", Confirming, "write soon" },
        { Listening, "not admitted", Listening, "write soon" },
        { Confirming, "not affordable", Listening, "write now" },
        // While a ritual is made, input is refused; a cancel or failure refunds and listens; saved goes through reviewing.
        { Generating, "heard everything", Generating, "refuse: a ritual is being made: wait for it, or send response.cancel" },
        { Speaking, "request confirmed", Speaking, "refuse: a ritual is being made: wait for it, or send response.cancel" },
        { Generating, "ritual audio started", Speaking, "write behind" },
        { Speaking, "ritual audio started", Speaking, "-" },
        { Speaking, "ritual saved", Listening, "via reviewing, write now" },
        { Generating, "ritual stopped", Listening, "write now" },
        { Speaking, "ritual stopped", Listening, "write now" },
        // session.end, from anywhere; after it only the settling of a ritual heard in full.
        { Speaking, "ended", Ended, "write now" },
        { Confirming, "ended", Ended, "write now" },
        { Ended, "heard everything", Ended, "refuse: this session has ended" },
        { Ended, "ended", Ended, "refuse: this session has ended" },
        { Ended, "ritual saved", Ended, "-" },
        { Ended, "ritual stopped", Ended, "-" },
        // A silo died: whatever was being said or made is gone, and the session listens.
        { Speaking, "recovered", Listening, "write now" },
        { Greeting, "recovered", Listening, "write now" },
        { Confirming, "recovered", Confirming, "-" },
        // Voice (v1.1): speech over a reply being heard cuts it; a ritual only stops when asked aloud.
        { Greeting, "speech over a reply", Greeting, "cut reply" },
        { Confirming, "speech over a reply", Confirming, "cut reply" },
        { Listening, "speech in silence", Listening, "-" },
        { Speaking, "speech in silence", Speaking, "-" },
        { Listening, "heard words", Listening, "take as words" },
        { Confirming, "heard words", Confirming, "take as words" },
        { Listening, "heard nothing", Listening, "say did-not-catch" },
        { Greeting, "heard nothing", Greeting, "say did-not-catch" },
        { Speaking, "heard stop", Speaking, "cancel" },
        { Generating, "heard that's enough", Generating, "cancel" },
        { Speaking, "heard words", Speaking, "-" },
        { Speaking, "heard nothing", Speaking, "-" },
        { Ended, "heard words", Ended, "refuse: this session has ended" },
    };

    [Theory]
    [MemberData(nameof(Flow))]
    public void The_dialogue_follows_the_protocol(SessionState before, string cue, SessionState after, string effects)
    {
        var state = new DialogueState(before, cue == "yes" || before == Confirming ? Whole : Nothing, before == Confirming ? Order : null);

        var step = _rules.Decide(state, Input(cue));

        Assert.Equal((after, effects), (step.Next.State, Effects(step)));
    }

    [Fact]
    public void A_quote_fills_what_the_person_left_out_from_their_preferences_and_prices_it()
    {
        var step = _rules.Decide(new DialogueState(Listening, Nothing, null), new DialogueInput(Cue.Heard, Ana, new SessionSlots("affirmation", "courage", null, null)));

        Assert.Equal(new RitualOrder("affirmation", "courage", 5, "slt", new PricingOptions().PriceFor(RitualKind.Affirmation, 5)), step.Next.Quote);
    }

    [Fact]
    public void A_ritual_longer_than_an_hour_is_quoted_at_an_hour()
    {
        var step = _rules.Decide(new DialogueState(Listening, Nothing, null), new DialogueInput(Cue.Heard, Ana, new SessionSlots("meditation", "rest", 500, "awb")));

        Assert.Equal((DialogueRules.MaxMinutes, "awb"), (step.Next.Quote!.DurationMinutes, step.Next.Quote.Voice));
    }

    [Fact]
    public void Saying_no_forgets_the_quote_and_the_slots()
    {
        var step = _rules.Decide(new DialogueState(Confirming, Whole, Order), new DialogueInput(Cue.Answered, Accept: false));

        Assert.Equal(new DialogueState(Listening, SessionSlots.Empty, null), step.Next);
    }

    [Fact]
    public void A_reservation_clears_the_quote_and_the_slots_for_the_next_request()
    {
        var step = _rules.Decide(new DialogueState(Confirming, Whole, Order), Cue.Reserved);

        Assert.Equal(new DialogueState(Generating, SessionSlots.Empty, null), step.Next);
    }

    [Fact]
    public void The_quote_said_back_names_the_price_and_whether_the_balance_covers_it()
    {
        var lines = new SessionLines(60);

        Assert.Equal("A 10-minute guided meditation for sleeping well costs 5 credits. You have 12. Shall I make it?", lines.Quote(Order, 12));
        Assert.EndsWith("You have 3, which is not enough for it. You can change the length, or say no.", lines.Quote(Order, 3), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_topic_is_said_back_in_its_first_words_only()
    {
        var lines = new SessionLines(20);

        Assert.Equal("calming down before", lines.SpokenTopic("calming down before my exam on Monday morning"));
    }

    [Theory]
    [InlineData("stop", true)]
    [InlineData("Stop!", true)]
    [InlineData("please stop the meditation", true)]
    [InlineData("cancel that", true)]
    [InlineData("okay that's enough", true)]
    [InlineData("no stop", true)]
    [InlineData("don't stop", false)]
    [InlineData("i can't stop worrying about my exam", false)]
    [InlineData("this is nice", false)]
    [InlineData("stop stop stop stop stop stop stop", false)]
    [InlineData("", false)]
    public void A_request_to_stop_is_short_and_made_of_stopping_words(string transcript, bool stop) =>
        Assert.Equal(stop, StopRequest.Matches(transcript));

    private static DialogueInput Input(string cue) => cue switch
    {
        "started" => new DialogueInput(Cue.Started, Ana),
        "started quietly" => new DialogueInput(Cue.Started, Ana, SpeakGreeting: false),
        "greeting spoken" => Cue.GreetingSpoken,
        "reply cut" => Cue.ReplyCut,
        "heard nothing useful" => new DialogueInput(Cue.Heard, Ana, Nothing),
        "heard a topic" => new DialogueInput(Cue.Heard, Ana, TopicOnly),
        "heard a kind" => new DialogueInput(Cue.Heard, Ana, KindOnly),
        "heard everything" => new DialogueInput(Cue.Heard, Ana, Whole),
        "yes" => new DialogueInput(Cue.Answered, Accept: true),
        "no" => new DialogueInput(Cue.Answered, Accept: false),
        "request confirmed" => new DialogueInput(Cue.Requested, Ana, Whole, Confirm: true),
        "request unconfirmed" => new DialogueInput(Cue.Requested, Ana, Whole, Confirm: false),
        "reserved" => Cue.Reserved,
        "not admitted" => Cue.NotAdmitted,
        "not affordable" => Cue.NotAffordable,
        "ritual audio started" => Cue.RitualAudioStarted,
        "ritual saved" => Cue.RitualSaved,
        "ritual stopped" => Cue.RitualStopped,
        "ended" => Cue.Ended,
        "recovered" => Cue.Recovered,
        "speech over a reply" => new DialogueInput(Cue.SpeechStarted, ReplyAudible: true),
        "speech in silence" => new DialogueInput(Cue.SpeechStarted, ReplyAudible: false),
        "heard words" => new DialogueInput(Cue.Transcribed, Transcript: "i feel nervous about my exam"),
        "heard nothing" => new DialogueInput(Cue.Transcribed, Transcript: ""),
        "heard stop" => new DialogueInput(Cue.Transcribed, Transcript: "stop"),
        "heard that's enough" => new DialogueInput(Cue.Transcribed, Transcript: "okay that's enough"),
        _ => throw new ArgumentException($"no cue '{cue}' in this table", nameof(cue)),
    };

    /// <summary>What a step does, in the table's words.</summary>
    private static string Effects(DialogueStep step)
    {
        if (step.Refusal is { } refusal)
        {
            return $"refuse: {refusal}";
        }

        var effects = new List<string>();
        if (step.Via is { } via)
        {
            effects.Add($"via {WireJson.Name(via)}");
        }

        if (step.Line is { } line)
        {
            effects.Add("say " + (line == SessionLines.AskWhat ? "ask-what"
                : line == SessionLines.Decline ? "decline"
                : line.StartsWith("Hello Ana.", StringComparison.Ordinal) ? "greeting"
                : line.StartsWith("Would you like an affirmation set, a guided meditation or a daily ritual for sleeping well", StringComparison.Ordinal) ? "ask-kind"
                : line == SessionLines.AskTopic("meditation") ? "ask-topic"
                : line == SessionLines.DidNotCatch ? "did-not-catch"
                : line));
        }

        if (step.SayQuote)
        {
            effects.Add("quote");
        }

        if (step.Produce is not null)
        {
            effects.Add("produce");
        }

        if (step.CutReply)
        {
            effects.Add("cut reply");
        }

        if (step.Cancel)
        {
            effects.Add("cancel");
        }

        if (step.TakeAsWords)
        {
            effects.Add("take as words");
        }

        switch (step.Write)
        {
            case RecordWrite.Awaited:
                effects.Add("write now");
                break;
            case RecordWrite.Behind:
                effects.Add("write behind");
                break;
            case RecordWrite.Soon:
                effects.Add("write soon");
                break;
        }

        return effects.Count == 0 ? "-" : string.Join(", ", effects);
    }
}
