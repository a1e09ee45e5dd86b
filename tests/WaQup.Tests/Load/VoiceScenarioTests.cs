using System.Text.Json.Nodes;
using WaQup.Load;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Load;

/// <summary>The load tester's voice scenario: sessions that speak their requests and answers at real-time pace.</summary>
public sealed class VoiceScenarioTests(ITestOutputHelper output)
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_short_spoken_run_is_heard_makes_rituals_and_reports_its_voice_figures()
    {
        // Two sessions leave the CPU to the recogniser at the tests' usual pace (20x), so a ritual is heard in a few seconds.
        await using var server = await WaQupServer.StartAsync();
        var json = Path.Combine(Directory.CreateTempSubdirectory("waqup-load-voice-").FullName, "summary.json");
        var options = LoadOptions.Parse(["--url", server.BaseUri.ToString(), "--sessions", "2", "--duration", "30", "--json", json, "--think-ms", "100", "--voice", "flite", "--voice-share", "100"]);

        var summary = await new LoadRunner(options).RunAsync();
        output.WriteLine(summary.ToJson());

        Assert.True(summary.FailedSessions == 0, string.Join("\n", summary.Failures));
        Assert.Empty(summary.Errors);
        Assert.True(summary.RitualsCreated > 0, "a spoken request made a ritual");
        var voice = summary.Voice;
        Assert.True(voice.Utterances >= 2, $"{voice.Utterances} utterances heard");
        Assert.Equal(voice.Utterances, voice.TranscriptsKnown);
        Assert.True(voice.TranscriptsAsSaid == voice.TranscriptsKnown, string.Join("; ", voice.Mishearings));
        Assert.True(voice.Misheard == 0, $"{voice.Misheard} misheard: {string.Join("; ", voice.Mishearings)}");
        Assert.Equal(0, voice.EmptyTranscripts);
        Assert.True(voice.SpeechEndToFinalMs.P50 > 0);
        Assert.True(voice.SpeechEndToRitualAudioMs.Count > 0);
        Assert.Equal(0, summary.TurnLatencyMs.Count);
        Assert.Equal(summary.Conversations["Voice"], summary.Conversations.Values.Sum());

        var written = JsonNode.Parse(await File.ReadAllTextAsync(json))!.AsObject();
        foreach (var field in new[] { "utterances", "speech_end_to_stopped_ms", "stopped_to_final_ms", "speech_end_to_final_ms", "word_error_rate", "transcripts_as_said", "misheard" })
        {
            Assert.True(written["voice"]!.AsObject().ContainsKey(field), $"missing voice.{field}");
        }
    }

    [Fact]
    public void Voice_adds_its_share_of_the_conversations_and_keeps_the_others_in_proportion()
    {
        var folder = Directory.CreateTempSubdirectory("waqup-voice-lines-").FullName;

        var options = LoadOptions.Parse(["--url", "http://h", "--sessions", "1", "--duration", "1", "--json", "x", "--voice", folder, "--voice-share", "20"]);

        Assert.Equal(folder, options.Voice);
        var mix = options.Mix;
        var total = Enum.GetValues<Scenario>().Sum(mix.Weight);
        Assert.Equal(0.20, (double)mix.Weight(Scenario.Voice) / total, 3);
        Assert.Equal(0.35 * 0.8, (double)mix.Weight(Scenario.FreeTextAffirmation) / total, 3);
        Assert.Equal(0, LoadOptions.Parse(["--url", "http://h", "--sessions", "1", "--duration", "1", "--json", "x"]).Mix.Weight(Scenario.Voice));
    }

    [Theory]
    [InlineData("--voice must be 'flite' or a folder of WAV files", "--voice", "/no/such/folder")]
    [InlineData("--voice-share needs --voice", "--voice-share", "50")]
    [InlineData("--voice-share must be between 1 and 100", "--voice", "flite", "--voice-share", "0")]
    public void A_wrong_voice_argument_is_a_usage_error(string expected, params string[] voice)
    {
        var error = Assert.Throws<UsageException>(() => LoadOptions.Parse(["--url", "http://h", "--sessions", "1", "--duration", "1", "--json", "x", .. voice]));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public async Task Voice_lines_come_from_a_folder_with_the_words_beside_each_file()
    {
        var folder = Directory.CreateTempSubdirectory("waqup-voice-lines-").FullName;
        var silence = new byte[3200];
        byte[] wav = [.. "RIFF"u8, .. BitConverter.GetBytes(36 + silence.Length), .. "WAVEfmt "u8, 16, 0, 0, 0, 1, 0, 1, 0, .. BitConverter.GetBytes(16_000), .. BitConverter.GetBytes(32_000), 2, 0, 16, 0, .. "data"u8, .. BitConverter.GetBytes(silence.Length), .. silence];
        await File.WriteAllBytesAsync(Path.Combine(folder, "request-1.wav"), wav);
        await File.WriteAllBytesAsync(Path.Combine(folder, "yes.wav"), wav);
        await File.WriteAllTextAsync(Path.Combine(folder, "yes.txt"), "yes please\n");

        var lines = await VoiceLines.LoadAsync(folder, CancellationToken.None);

        var request = Assert.Single(lines.Requests);
        Assert.Equal(("request-1", (string?)null, 3200), (request.Name, request.Text, request.Pcm.Length));
        Assert.Equal("yes please", Assert.Single(lines.Answers).Text);
        await Assert.ThrowsAsync<InvalidOperationException>(() => VoiceLines.LoadAsync(Directory.CreateTempSubdirectory().FullName, CancellationToken.None));
    }
}
