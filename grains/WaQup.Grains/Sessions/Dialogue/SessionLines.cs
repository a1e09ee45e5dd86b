using WaQup.Providers.Content;

namespace WaQup.Grains.Sessions.Dialogue;

/// <summary>Everything the session itself says, in English, in one place; topics are said back in their first words only.</summary>
/// <param name="spokenTopicChars">The most of a topic said back (see <see cref="Configuration.ConversationOptions.SpokenTopicChars"/>).</param>
/// <param name="help">Where to find help, by kind of crisis (<c>Conversation:Help</c>); the defaults when null.</param>
public sealed class SessionLines(int spokenTopicChars, Configuration.CrisisHelp? help = null)
{
    private readonly Configuration.CrisisHelp _help = help ?? new();

    /// <summary>What the session says to someone in crisis: care first, then where to find help now.</summary>
    public string Support(CrisisKind crisis) => crisis switch
    {
        CrisisKind.MedicalEmergency => $"This sounds like an emergency, and your safety matters more than anything I can make. {_help.MedicalEmergency}",
        CrisisKind.Abuse => $"I'm so sorry this is happening to you. You deserve to be safe, and it is not your fault. {_help.Abuse}",
        _ => $"I'm really glad you told me, and I'm sorry you're hurting this much. You don't have to go through this alone. {_help.SelfHarm} I'm here if you'd like to keep talking.",
    };

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
