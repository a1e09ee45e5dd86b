namespace WaQup.Grains.Sessions.Dialogue;

/// <summary>
/// Whether something said aloud while a ritual plays is a request to stop it ("stop", "cancel", "that's enough",
/// "please stop the meditation"). Only short utterances made of such words count: "I can't stop worrying" and
/// "don't stop" do not.
/// </summary>
public static class StopRequest
{
    private const int MaxWords = 6;

    private static readonly HashSet<string> Stops = ["stop", "cancel", "enough", "quit", "pause", "end"];

    private static readonly HashSet<string> Around =
    [
        "please", "ok", "okay", "now", "just", "it", "that", "that's", "this", "thanks", "thank", "you", "oh", "um", "uh",
        "can", "could", "would", "the", "a", "meditation", "ritual", "affirmations", "affirmation", "talking", "i", "want",
        "to", "hey", "right", "all", "already", "alright", "is", "so", "there", "here", "wait", "hold", "on", "let's", "no",
    ];

    private static readonly HashSet<string> Negations = ["don't", "dont", "not", "never", "can't", "cannot", "won't"];

    public static bool Matches(string transcript)
    {
        var words = transcript.ToLowerInvariant().Split([' ', ',', '.', '!', '?'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > MaxWords || words.Any(Negations.Contains))
        {
            return false;
        }

        return words.Any(Stops.Contains) && words.All(w => Stops.Contains(w) || Around.Contains(w));
    }
}
