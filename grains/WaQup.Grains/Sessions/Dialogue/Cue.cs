namespace WaQup.Grains.Sessions.Dialogue;

/// <summary>What happened to the dialogue: something the person said or did, or news of the response being made.</summary>
public enum Cue
{
    /// <summary>The session was created; its greeting is spoken, or it listens at once.</summary>
    Started,

    /// <summary>The greeting was spoken to its end.</summary>
    GreetingSpoken,

    /// <summary>A reply was cut short (by new input, a cancel, or its speech failing).</summary>
    ReplyCut,

    /// <summary>The person said something that is not an answer to a quote; the slots are what it gave, merged with the ones before.</summary>
    Heard,

    /// <summary>A structured request; with <see cref="DialogueInput.Confirm"/> it is made at once.</summary>
    Requested,

    /// <summary>Yes or no to the quote (<see cref="DialogueInput.Accept"/>).</summary>
    Answered,

    /// <summary>The credits for the order are reserved and production has begun.</summary>
    Reserved,

    /// <summary>The silo had no room for another ritual: nothing was reserved.</summary>
    NotAdmitted,

    /// <summary>The balance does not cover the order.</summary>
    NotAffordable,

    /// <summary>The ritual's first audio frame went out.</summary>
    RitualAudioStarted,

    /// <summary>The ritual was saved and charged.</summary>
    RitualSaved,

    /// <summary>The ritual stopped before it was saved (cancelled, failed, or its reservation ran out) and was refunded.</summary>
    RitualStopped,

    /// <summary>The person ended the session.</summary>
    Ended,

    /// <summary>
    /// The person said something that speaks of a crisis (<see cref="DialogueInput.Crisis"/>): they are answered with care
    /// and help, and nothing is made or charged.
    /// </summary>
    Distress,

    /// <summary>A new activation of a session whose silo died: whatever was being said or made is gone.</summary>
    Recovered,

    /// <summary>The person began to speak (<see cref="DialogueInput.ReplyAudible"/>: while a reply is still being heard).</summary>
    SpeechStarted,

    /// <summary>The final transcript of an utterance (<see cref="DialogueInput.Transcript"/>, <c>""</c> when nothing was recognised).</summary>
    Transcribed,
}
