using WaQup.Providers.Content;
using WaQup.Providers.Content.Llm;

namespace WaQup.Tests.Llm;

/// <summary>How streamed text becomes sentences, whatever the token boundaries.</summary>
public sealed class SentenceSplitterSpecs
{
    // Each expected piece is "text" or "text | pause in ms".
    public static TheoryData<string, string[]> Cases => new()
    {
        { "Hello there. How are you?", ["Hello there.", "How are you?"] },
        { "Wow! Really?! Yes.", ["Wow!", "Really?!", "Yes."] },
        { "Dr. Patel says rest. Mr. and Mrs. Jones agree.", ["Dr. Patel says rest.", "Mr. and Mrs. Jones agree."] },
        { "Bring something calming, e.g. Slow breaths. Then rest.", ["Bring something calming, e.g. Slow breaths.", "Then rest."] },
        { "John F. Kennedy spoke. We listened.", ["John F. Kennedy spoke.", "We listened."] },
        { "Breathe for 1.5 minutes. Then 2.25 more.", ["Breathe for 1.5 minutes.", "Then 2.25 more."] },
        { "Wake at 7 a.m. tomorrow. Stretch.", ["Wake at 7 a.m. tomorrow.", "Stretch."] },
        { "Breathe in... and out... Now rest.", ["Breathe in... and out...", "Now rest."] },
        { "Slowly… gently… Good.", ["Slowly… gently…", "Good."] },
        { "She said, \"Rest now.\" Then sleep.", ["She said, \"Rest now.\"", "Then sleep."] },
        { "“I am calm.” I breathe.", ["“I am calm.”", "I breathe."] },
        { "'Ready?' she asked. Yes.", ["'Ready?' she asked.", "Yes."] },
        { "Line one\nLine two\n\n\nLine three", ["Line one", "Line two", "Line three"] },
        { "Windows line.\r\nNext line.", ["Windows line.", "Next line."] },
        { "I am calm. [pause 5s]\nI am safe. [pause 1.5s]", ["I am calm. | 5000", "I am safe. | 1500"] },
        { "I am calm.\n[pause 3s]\nNext.", ["I am calm. | 3000", "Next."] },
        { "Rest.[pause 2s] [pause 3s] Go.", ["Rest. | 5000", "Go."] },
        { "Rest. [Pause: 800ms] Go. [pause 2 seconds]", ["Rest. | 800", "Go. | 2000"] },
        { "Rest. [pause 500s]", ["Rest. | 120000"] },
        { "Rest. [pause 100s] [pause 100s]", ["Rest. | 120000"] },
        { "Breathe in [pause 2s] and out.", ["Breathe in | 2000", "and out."] },
        { "[pause 2s] Welcome.", ["Welcome."] },
        { "Smile [softly] now.", ["Smile now."] },
        { "Rest. [pause -3s] Go.", ["Rest.", "Go."] },
        { "**I am calm.** I am here.", ["I am calm.", "I am here."] },
        { "# Morning\n1. Stretch your arms.\n- Breathe.", ["Morning", "Stretch your arms.", "Breathe."] },
        { "I  am\tcalm.", ["I am calm."] },
        { "Rest now", ["Rest now"] },
        { "Rest now. [pau", ["Rest now."] },
        { "A bracket [ that never closes, said aloud. Fine.", ["A bracket [ that never closes, said aloud.", "Fine."] },
        { "\" \n—\nReal words.", ["Real words."] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Splits_the_same_way_however_the_text_is_cut(string text, string[] expected)
    {
        foreach (var size in new[] { 1, 2, 3, 5, 8, 13, text.Length })
        {
            var pieces = Split(Chunks(text, size)).Select(Describe);
            Assert.True(expected.SequenceEqual(pieces), $"chunks of {size}: [{string.Join(", ", pieces)}]");
        }
    }

    [Fact]
    public void A_sentence_is_handed_on_as_soon_as_the_next_one_begins()
    {
        var splitter = new SentenceSplitter();
        var completed = new List<ScriptPiece>();

        splitter.Push("Hello there.", completed);
        Assert.Empty(completed);

        splitter.Push(" W", completed);
        Assert.Equal(new ScriptPiece("Hello there.", 0), Assert.Single(completed));
    }

    [Fact]
    public void A_sentence_waits_while_pause_markup_may_follow_it()
    {
        var splitter = new SentenceSplitter();
        var completed = new List<ScriptPiece>();

        splitter.Push("Hello there.\n[pau", completed);
        Assert.Empty(completed);

        splitter.Push("se 2s]\nNext", completed);
        Assert.Equal(new ScriptPiece("Hello there.", 2000), Assert.Single(completed));
    }

    [Fact]
    public void A_stream_cut_short_drops_its_unfinished_sentence_but_keeps_finished_ones()
    {
        var splitter = new SentenceSplitter();
        var completed = new List<ScriptPiece>();

        splitter.Push("Rest now. Breathe in and then", completed);
        splitter.Flush(completed, keepUnfinished: false);

        Assert.Equal([new ScriptPiece("Rest now.", 0)], completed);
    }

    private static List<ScriptPiece> Split(IEnumerable<string> chunks)
    {
        var splitter = new SentenceSplitter();
        var completed = new List<ScriptPiece>();
        foreach (var chunk in chunks)
        {
            splitter.Push(chunk, completed);
        }

        splitter.Flush(completed);
        return completed;
    }

    private static IEnumerable<string> Chunks(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    private static string Describe(ScriptPiece piece) => piece.PauseAfterMs == 0 ? piece.Text : $"{piece.Text} | {piece.PauseAfterMs}";
}
