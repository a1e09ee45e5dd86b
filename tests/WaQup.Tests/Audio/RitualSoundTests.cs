using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaQup.Client;
using WaQup.Providers.Audio;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Audio;

/// <summary>
/// Rituals made end to end, as a listener hears them and as they are saved, measured by ffmpeg's ebur128 meter: about
/// −16 LUFS integrated with the true peak under −1 dBTP, with and without a bed; the bed fills a meditation's pauses in
/// the stream and the file alike; the <c>sound_bed</c> preference and its errors.
/// </summary>
public sealed class RitualSoundTests(RitualSoundTests.Server fixture) : IClassFixture<RitualSoundTests.Server>
{
    private const int FadeFrames = 1000 / AudioFormat.FrameMs;

    public static TheoryData<string, string> Rituals => new()
    {
        { "meditation", "none" },
        { "meditation", "noise" },
        { "meditation", "drone" },
        { "meditation", "bells" },
        { "ritual", "drone" },
        // An affirmation carries no bed, whatever the preference.
        { "affirmation", "bells" },
    };

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(Rituals))]
    public async Task A_saved_ritual_is_at_minus_16_LUFS_with_its_true_peak_under_minus_1_dBTP_and_the_stream_sounds_the_same(string kind, string bed)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var user = Users.New("sound");
        using var http = fixture.Value.HttpFor(user);
        (await http.PatchAsJsonAsync("/v1/me/preferences", new { sound_bed = bed }, cancellationToken)).EnsureSuccessStatusCode();

        var (ritualId, stream) = await MakeAsync(user, kind);
        var file = await http.GetByteArrayAsync($"/v1/rituals/{ritualId}/audio", cancellationToken);

        var saved = await MeasureFileAsync(file, cancellationToken);
        var heard = await Ebur128.MeasurePcmAsync([.. stream.SelectMany(f => f)], AudioFormat.SampleRate, cancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine($"{kind} with {bed}: saved {saved}, heard {heard}");
        Assert.True(Math.Abs(saved.IntegratedLufs + 16) <= 1, $"{kind} with {bed}: saved at {saved.IntegratedLufs} LUFS");
        Assert.True(saved.TruePeakDb < -1, $"{kind} with {bed}: saved with a true peak of {saved.TruePeakDb} dBTP");
        Assert.True(Math.Abs(heard.IntegratedLufs - saved.IntegratedLufs) <= 0.5, $"{kind} with {bed}: heard at {heard.IntegratedLufs} LUFS, saved at {saved.IntegratedLufs}");
        Assert.True(heard.TruePeakDb < -1, $"{kind} with {bed}: streamed with a true peak of {heard.TruePeakDb} dBTP");

        // A meditation's pauses: dead air without a bed, the bed with one (between its fading in and out, where the ends
        // of the raised cosines round to nothing).
        var silentFrames = stream.Skip(FadeFrames).SkipLast(FadeFrames).Count(frame => frame.All(b => b == 0));
        if (kind == "affirmation" || bed == "none")
        {
            Assert.True(kind == "affirmation" || silentFrames > 0, $"{kind} without a bed: no silent frame among {stream.Count}");
        }
        else
        {
            Assert.True(silentFrames == 0, $"{kind} with {bed}: {silentFrames} silent frames of {stream.Count}");
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_sound_bed_preference_starts_as_the_drone_and_takes_only_the_beds_there_are()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var user = Users.New("sound");
        using var http = fixture.Value.HttpFor(user);
        var me = await http.GetFromJsonAsync<JsonObject>("/v1/me", cancellationToken);
        Assert.Equal("drone", (string?)me!["preferences"]!["sound_bed"]);

        var patched = await http.PatchAsJsonAsync("/v1/me/preferences", new { sound_bed = "bells" }, cancellationToken);
        Assert.Equal("bells", (string?)(await patched.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["sound_bed"]);

        foreach (var bad in new[] { "{\"sound_bed\": \"rain\"}", "{\"sound_bed\": 3}", "{\"sound_bed\": null}", "{\"sound_bed\": \"\"}", "{\"sound_bed\": \"Bells\"}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, "/v1/me/preferences") { Content = new StringContent(bad, System.Text.Encoding.UTF8, "application/json") };
            using var response = await http.SendAsync(request, cancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            Assert.Equal("sound_bed must be one of none, noise, drone, bells (it plays under meditations and rituals)", (string?)problem!["detail"]);
        }

        me = await http.GetFromJsonAsync<JsonObject>("/v1/me", cancellationToken);
        Assert.Equal("bells", (string?)me!["preferences"]!["sound_bed"]);
    }

    /// <summary>Asks for a one-minute ritual and returns its id and the PCM of every frame of it the client heard.</summary>
    private async Task<(string RitualId, List<byte[]> Frames)> MakeAsync(string user, string kind)
    {
        await using var client = await fixture.Value.ConnectAsync(user);
        await Talk.StartAsync(client);
        await Talk.RequestAsync(client, kind, "a calm evening", 1);
        var created = await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(90));
        return ((string)created["ritual_id"]!, RitualFrames(client.Log));
    }

    private static List<byte[]> RitualFrames(IReadOnlyList<Received> log)
    {
        var done = log.Last(r => r.Type == "audio.done");
        var responseId = (string?)done.Event!["response_id"];
        var start = log.ToList().FindIndex(r => r.Type == "audio.start" && (string?)r.Event!["response_id"] == responseId);
        var end = log.ToList().IndexOf(done);
        return [.. log.Skip(start).Take(end - start).Where(r => r.IsAudio).Select(r => r.Audio!)];
    }

    private static async Task<Ebur128.Reading> MeasureFileAsync(byte[] ogg, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"waqup-ritual-{Guid.NewGuid():N}.ogg");
        try
        {
            await File.WriteAllBytesAsync(file, ogg, cancellationToken);
            return await Ebur128.MeasureFileAsync(file, cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>One system for the class, its greeting silent so each session's audio is its ritual's.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private WaQupServer? _server;

        public WaQupServer Value => _server ?? throw new InvalidOperationException("not started");

        public async ValueTask InitializeAsync() => _server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Conversation:SpeakGreeting"] = "false",
            ["Conversation:WelcomeGrant"] = "100",
        });

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
