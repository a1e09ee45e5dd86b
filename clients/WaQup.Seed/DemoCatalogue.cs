namespace WaQup.Seed;

/// <summary>
/// What the demo packs are about: a topic, the kind of ritual, tags, and a price, chosen by the pack's number so that a
/// seeding reads the same every time. The rituals themselves are written by the system's own writer.
/// </summary>
public static class DemoCatalogue
{
    private static readonly (string Topic, string[] Tags)[] Topics =
    [
        ("sleeping well", ["sleep", "evening"]),
        ("a calm morning", ["morning", "calm"]),
        ("confidence at work", ["work", "confidence"]),
        ("my exam tomorrow", ["study", "focus"]),
        ("letting go of worry", ["anxiety", "calm"]),
        ("my job interview", ["work", "confidence"]),
        ("feeling grounded", ["grounding", "calm"]),
        ("being kind to myself", ["self-compassion"]),
        ("a fresh start", ["change", "hope"]),
        ("slowing down", ["rest", "calm"]),
        ("my first day at a new job", ["work", "change"]),
        ("feeling rested", ["rest", "sleep"]),
        ("gratitude for small things", ["gratitude"]),
        ("a hard conversation", ["courage", "relationships"]),
        ("missing someone", ["grief", "love"]),
        ("running my first race", ["sport", "focus"]),
    ];

    private static readonly string[] Kinds = ["meditation", "affirmation", "ritual"];

    private static readonly string[] Openings = ["Quiet", "Gentle", "Steady", "Bright", "Soft", "Clear", "Deep", "Warm"];

    private static readonly int[] Prices = [0, 1, 2, 2, 3, 5];

    public static string Topic(int pack, int ritual) => Topics[(pack + ritual * 7) % Topics.Length].Topic;

    public static string Kind(int pack) => Kinds[pack % Kinds.Length];

    public static string[] Tags(int pack) => Topics[pack % Topics.Length].Tags;

    public static int Price(int pack) => Prices[pack % Prices.Length];

    public static string Title(int pack) => $"{Openings[pack / Topics.Length % Openings.Length]} {Kind(pack)}s for {Topic(pack, 0)}";

    public static string Description(int pack) =>
        $"{(Kind(pack) == "affirmation" ? "Words to say to yourself" : "A few calm minutes")} about {Topic(pack, 0)}, made by waQup's own writer.";

    public static string CreatorName(int creator) => $"{Openings[creator % Openings.Length]} Voice {creator + 1}";
}
