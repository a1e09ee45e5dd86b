using WaQup.Probe;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.VoiceClients;

/// <summary>The latency probe against the whole system in this process, typing and speaking.</summary>
public sealed class ProbeVoiceTests(ServerFixture fixture, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_spoken_probe_reports_each_step_from_end_of_speech_to_first_audio()
    {
        var printed = new StringWriter();
        var options = ProbeOptions.Parse([fixture.Server.BaseUri.ToString(), "1", "--voice"]);

        var report = await new ProbeRun(options, printed).RunAsync();
        report.Print(printed, options.Turns);
        output.WriteLine(printed.ToString());

        Assert.Collection(
            report.Spoken,
            request => Assert.Equal("an affirmation set for confidence at work one minute", request.Heard),
            answer => Assert.Equal("yes please", answer.Heard));
        foreach (var spoken in report.Spoken)
        {
            // The server waits for about 700 ms of silence, part of which flite's file holds after the last word.
            Assert.InRange(spoken.SpeechEndToStoppedMs, 200, 10_000);
            Assert.True(spoken.StoppedToFinalMs >= 0);
            Assert.True(spoken.FinalToAudioMs > 0);
        }

        Assert.Equal(report.Spoken[1].SpeechEndToAudioMs, Assert.Single(report.ConfirmToAudioMs));
        var text = printed.ToString();
        foreach (var figure in new[] { "end of speech to final transcript ms: min", "speech_stopped to final transcript ms: min", "final transcript to first audio frame ms: min", "transcripts: 2, as said 2 of 2 known, word errors 0" })
        {
            Assert.Contains(figure, text);
        }

        Assert.Contains(", p99 ", text);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_typed_probe_still_reports_confirmation_to_first_audio()
    {
        var printed = new StringWriter();
        var options = ProbeOptions.Parse([fixture.Server.BaseUri.ToString(), "2"]);

        var report = await new ProbeRun(options, printed).RunAsync();

        Assert.Equal(2, report.ConfirmToAudioMs.Count);
        Assert.Equal(2, report.ConnectToReadyMs.Count);
        Assert.Empty(report.Spoken);
    }

    [Theory]
    [InlineData("unknown argument '--fast'", "--fast")]
    [InlineData("--voice-dir needs a folder", "--voice-dir")]
    [InlineData("--voice and --voice-dir exclude each other", "--voice", "--voice-dir", "x")]
    [InlineData("turns must be a whole number above 0", "http://h", "0")]
    public void A_wrong_command_line_says_what_is_wrong(string expected, params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => ProbeOptions.Parse(args));
        Assert.StartsWith(expected, error.Message);
    }
}
