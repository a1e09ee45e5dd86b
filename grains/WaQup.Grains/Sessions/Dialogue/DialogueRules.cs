using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Configuration;
using WaQup.Providers.Content;
using static WaQup.Abstractions.Protocol.SessionState;

namespace WaQup.Grains.Sessions.Dialogue;

/// <summary>
/// The dialogue of PROTOCOL.md as one pure function: <c>(state, cue) → (next state, effects)</c>. It reads nothing and
/// changes nothing; the session grain carries out what it decides.
/// </summary>
public sealed class DialogueRules(PricingOptions pricing, SessionLines lines)
{
    /// <summary>The longest ritual anyone can ask for, in minutes.</summary>
    public const int MaxMinutes = 60;

    /// <summary>What the session says.</summary>
    public SessionLines Lines => lines;

    public DialogueStep Decide(DialogueState state, DialogueInput input)
    {
        if (state.State == Ended && input.Cue is not (Cue.RitualSaved or Cue.RitualStopped or Cue.Recovered))
        {
            return Refuse(state, "this session has ended");
        }

        return input.Cue switch
        {
            Cue.Started => Started(state, input),
            Cue.GreetingSpoken or Cue.ReplyCut => state.State == Greeting ? Move(state, Listening) : Stay(state),
            Cue.Heard => RefusesInput(state.State) is { } refused ? Refuse(state, refused) : Heard(state with { Slots = input.Slots ?? state.Slots }, Profile(input)),
            Cue.Requested => RefusesInput(state.State) is { } refusal ? Refuse(state, refusal) : Requested(state, input),
            Cue.Answered => state.State != Confirming ? Refuse(state, "there is nothing to confirm") : Answered(state, input),
            Cue.Reserved => Move(new DialogueState(state.State, SessionSlots.Empty, null), Generating, RecordWrite.Behind),
            // A quote the person said yes to stays open, so "yes" can be said again once there is room.
            Cue.NotAdmitted => new DialogueStep(state.State == Confirming ? state : state with { Quote = null }, RecordWrite.Soon),
            Cue.NotAffordable => Move(state with { Quote = null }, Listening),
            Cue.RitualAudioStarted => state.State == Generating ? Move(state, Speaking, RecordWrite.Behind) : Stay(state),
            Cue.RitualSaved => Saved(state),
            Cue.RitualStopped => state.State == Ended ? Stay(state) : Move(state, Listening),
            Cue.Ended => Move(state, Ended),
            Cue.Recovered => DialogueMachine.IsProducing(state.State) || state.State == Greeting ? Move(state, Listening) : Stay(state),
            // Speech over a greeting, question or quote cuts it; a ritual is only stopped by asking (below).
            Cue.SpeechStarted => Stay(state) with { CutReply = input.ReplyAudible },
            Cue.Transcribed => Transcribed(state, input.Transcript ?? ""),
            Cue.Distress => Support(state, input.Crisis ?? CrisisKind.SelfHarm),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input.Cue, "no such cue"),
        };
    }

    /// <summary>Why a person's input is not taken in <paramref name="state"/>, or null when it is.</summary>
    public static string? RefusesInput(SessionState state) =>
        DialogueMachine.AcceptsInput(state)
            ? null
            : DialogueMachine.IsProducing(state)
                ? "a ritual is being made: wait for it, or send response.cancel"
                : $"not accepted in state {WireJson.Name(state)}";

    /// <summary>The order the slots ask for, with the person's defaults for what they left out.</summary>
    public RitualOrder OrderFor(SessionSlots slots, Preferences preferences)
    {
        var minutes = Math.Clamp(slots.DurationMinutes ?? preferences.DefaultDurationMinutes, 1, MaxMinutes);
        var kind = slots.Kind ?? WireJson.Name(RitualKind.Affirmation);
        var ritualKind = WireJson.TryParseKind(kind, out var parsed) ? parsed : RitualKind.Affirmation;
        return new RitualOrder(kind, slots.TopicAndMoment ?? "", minutes, slots.Voice ?? preferences.Voice, pricing.PriceFor(ritualKind, minutes), slots.Feeling);
    }

    private static DialogueStep Started(DialogueState state, DialogueInput input) =>
        input.SpeakGreeting
            ? Stay(state) with { Line = SessionLines.Greeting(Profile(input).Name) }
            : Move(state, Listening);

    private DialogueStep Heard(DialogueState state, UserProfile profile)
    {
        var slots = state.Slots;
        if (slots.Kind is null && slots.Topic is null)
        {
            return Clarify(state, SessionLines.AskWhat);
        }

        if (slots.Kind is null)
        {
            return Clarify(state, lines.AskKind(slots.TopicAndMoment ?? ""));
        }

        if (string.IsNullOrWhiteSpace(slots.Topic))
        {
            return Clarify(state, SessionLines.AskTopic(slots.Kind));
        }

        // A conversational turn answers before its record is on disk; the write follows within the turn-write delay.
        return Move(state with { Quote = OrderFor(slots, profile.Preferences) }, Confirming, RecordWrite.Soon) with { SayQuote = true };
    }

    /// <summary>
    /// A final transcript: while a ritual is made, only a request to stop counts (the rest is reported and ignored);
    /// otherwise nothing heard is said so, and words are taken as if typed.
    /// </summary>
    /// <summary>
    /// Someone in crisis: whatever was being asked for is dropped (no quote stands, nothing will be made or charged) and
    /// the session answers with care and where to find help. A ritual still being made was stopped by the grain first.
    /// </summary>
    private DialogueStep Support(DialogueState state, CrisisKind crisis)
    {
        var line = lines.Support(crisis);
        return DialogueMachine.IsProducing(state.State)
            ? Stay(state) with { Line = line }
            : Move(new DialogueState(state.State, SessionSlots.Empty, null), Listening) with { Line = line };
    }

    private static DialogueStep Transcribed(DialogueState state, string transcript)
    {
        if (DialogueMachine.IsProducing(state.State))
        {
            return Stay(state) with { Cancel = StopRequest.Matches(transcript) };
        }

        if (RefusesInput(state.State) is { } refused)
        {
            return Refuse(state, refused);
        }

        return string.IsNullOrWhiteSpace(transcript)
            ? Stay(state) with { Line = SessionLines.DidNotCatch }
            : Stay(state) with { TakeAsWords = true };
    }

    private DialogueStep Requested(DialogueState state, DialogueInput input)
    {
        var slots = input.Slots ?? SessionSlots.Empty;
        if (!input.Confirm)
        {
            return Heard(state with { Slots = slots }, Profile(input));
        }

        var order = OrderFor(slots, Profile(input).Preferences);
        return new DialogueStep(state with { Slots = slots, Quote = order }) { Produce = order };
    }

    private static DialogueStep Answered(DialogueState state, DialogueInput input) =>
        input.Accept
            ? new DialogueStep(state) { Produce = state.Quote }
            : Move(new DialogueState(state.State, SessionSlots.Empty, null), Listening, RecordWrite.Soon) with { Line = SessionLines.Decline };

    /// <summary>Saved: through reviewing back to listening; after the end, only stored.</summary>
    private static DialogueStep Saved(DialogueState state) =>
        state.State == Ended
            ? Stay(state)
            : Move(Move(state, Reviewing).Next, Listening) with { Via = Reviewing };

    private static DialogueStep Clarify(DialogueState state, string question) =>
        Move(state, Clarifying, RecordWrite.Soon) with { Line = question };


    private static DialogueStep Move(DialogueState state, SessionState to, RecordWrite write = RecordWrite.Awaited)
    {
        if (state.State != to && !DialogueMachine.CanMove(state.State, to))
        {
            throw new InvalidOperationException($"The dialogue cannot move from {state.State} to {to}.");
        }

        return new DialogueStep(state with { State = to }, write);
    }

    private static DialogueStep Stay(DialogueState state) => new(state);

    private static DialogueStep Refuse(DialogueState state, string why) => new(state) { Refusal = why };

    private static UserProfile Profile(DialogueInput input) =>
        input.Profile ?? throw new ArgumentException($"{input.Cue} needs the person's profile", nameof(input));
}
