namespace WaQup.Providers.Content;

/// <summary>A topic as the guide says it back to the person: "my job interview tomorrow" → "your job interview tomorrow".</summary>
public static class TopicWording
{
    public static string SaidBack(string topic) => string.IsNullOrWhiteSpace(topic) ? "" : TopicPhrase.From(topic).SecondPerson;
}
