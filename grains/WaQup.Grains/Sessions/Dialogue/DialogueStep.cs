namespace WaQup.Grains.Sessions.Dialogue;

/// <summary>
/// What the dialogue decided: the next state, and the effects the session carries out, in this order: announce
/// <see cref="Via"/> (a state passed through), then <see cref="Next"/>; store the record as <see cref="Write"/> says;
/// say <see cref="Line"/> (or the quote, with the balance, when <see cref="SayQuote"/>); start making
/// <see cref="Produce"/>. A <see cref="Refusal"/> changes nothing and answers <c>invalid_state</c>. Voice adds two:
/// <see cref="CutReply"/> (the person spoke over a reply: it stops) and <see cref="Cancel"/> (they asked aloud to stop:
/// as <c>response.cancel</c>); a transcript the rules leave alone with <see cref="TakeAsWords"/> is handled as <c>user.text</c>.
/// </summary>
public sealed record DialogueStep(DialogueState Next, RecordWrite Write = RecordWrite.None)
{
    public string? Refusal { get; init; }

    public Abstractions.Protocol.SessionState? Via { get; init; }

    public string? Line { get; init; }

    public bool SayQuote { get; init; }

    public RitualOrder? Produce { get; init; }

    public bool CutReply { get; init; }

    public bool Cancel { get; init; }

    public bool TakeAsWords { get; init; }
}
