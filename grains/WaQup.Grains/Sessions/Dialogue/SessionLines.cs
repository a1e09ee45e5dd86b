using WaQup.Providers.Content;

namespace WaQup.Grains.Sessions.Dialogue;

/// <summary>Everything the session itself says, in English, in one place; topics are said back in their first words only.</summary>
/// <param name="spokenTopicChars">The most of a topic said back (see <see cref="Configuration.ConversationOptions.SpokenTopicChars"/>).</param>
public sealed class SessionLines(int spokenTopicChars)
{
    /// <summary>The first words of a session: the person's name when they gave one, never their user id.</summary>
    public static string Greeting(string? name) =>
        $"{(name is null ? "Hello" : $"Hello {name}")}. I can make you an affirmation set, a guided meditation or a daily ritual. What would you like today?";

    public static string AskWhat =>
        "Tell me what you need: an affirmation set, a guided meditation or a daily ritual, and what it should help you with.";

    public static string DidNotCatch => "Sorry, I didn't catch that. Could you say it again?";

    public static string Decline => "All right, I won't make it. What else would you like?";

    public string AskKind(string topic) =>
        $"Would you like an affirmation set, a guided meditation or a daily ritual for {SpokenTopic(topic)}?";

    public static string AskTopic(string kind) => $"What should your {Describe(kind)} help you with?";

    public string Quote(RitualOrder order, int balance)
    {
        var afford = balance >= order.Price
            ? $"You have {balance}. Shall I make it?"
            : $"You have {balance}, which is not enough for it. You can change the length, or say no.";
        return $"A {order.DurationMinutes}-minute {Describe(order.Kind)} for {SpokenTopic(order.Topic)} costs {Plural(order.Price, "credit")}. {afford}";
    }

    public static string Saved(string kind, string title) =>
        $"Your {Describe(kind)} \"{title}\" is saved in your library. Would you like anything else?";

    /// <summary>A kind of ritual as a person says it.</summary>
    public static string Describe(string kind) => kind switch
    {
        "affirmation" => "affirmation set",
        "meditation" => "guided meditation",
        _ => "daily ritual",
    };

    /// <summary>
    /// A topic as the guide says it back ("my exam" → "your exam"), and only its first words up to the limit, so a long
    /// paste is never read out in full.
    /// </summary>
    public string SpokenTopic(string topic)
    {
        topic = TopicWording.SaidBack(topic.Trim());
        if (topic.Length <= spokenTopicChars)
        {
            return topic;
        }

        var cut = topic.LastIndexOf(' ', spokenTopicChars);
        return topic[..(cut > spokenTopicChars / 2 ? cut : spokenTopicChars)].TrimEnd(' ', ',', ';', ':', '-');
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
