using WaQup.Client;

namespace WaQup.Tests.VoiceClients;

/// <summary>How a transcript is scored against the words said: word edits, case and punctuation aside.</summary>
public sealed class TranscriptCheckTests
{
    [Theory]
    [InlineData("yes please", "Yes, please.", 0)]
    [InlineData("yes please", "yes", 1)]
    [InlineData("yes please", "yes please now", 1)]
    [InlineData("a meditation for sleep", "a medication for sleep", 1)]
    [InlineData("i'm feeling calm", "i am feeling calm", 2)]
    [InlineData("stop", "", 1)]
    [InlineData("", "hello there", 2)]
    public void Word_errors_count_substitutions_drops_and_additions(string said, string heard, int errors)
    {
        Assert.Equal(errors, TranscriptCheck.WordErrors(said, heard));
    }
}
