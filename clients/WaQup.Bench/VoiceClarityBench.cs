using System.Net.Http.Headers;
using System.Net.Http.Json;
using WaQup.Abstractions.Rest;
using WaQup.Load;

namespace WaQup.Bench;

/// <summary>
/// (f, second part) How intelligible each embedded voice is: real rituals made end to end through a silo (the built-in
/// writer, that voice, unpaced), their saved audio fetched over REST and decoded with opusdec, then heard by the
/// independent recogniser (<see cref="IndependentRecognizer"/>) and scored against the ritual's script from
/// <c>GET /v1/rituals/{id}</c> by word error rate.
/// </summary>
public static class VoiceClarityBench
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(BenchOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var saved = new List<(EmbeddedVoice Voice, SavedRitual Ritual)>();
        foreach (var provider in EmbeddedVoice.All.GroupBy(v => v.Provider))
        {
            await using var silo = await SiloProcess.StartAsync(options, Settings(provider.Key), cancellationToken);
            foreach (var voice in provider)
            {
                foreach (var request in RitualRequests.Intelligibility.Take(options.VoiceRituals))
                {
                    progress($"voices: {voice.Label} makes a one-minute {request.Kind} about {request.Topic}");
                    saved.Add((voice, await MakeAsync(silo.Url, RitualRequests.Json(request, voice), cancellationToken)));
                }
            }
        }

        using var recognizer = new IndependentRecognizer(decoders: 2);
        var scored = await Task.WhenAll(saved.Select(async s =>
        {
            var pcm = await OpusFile.DecodeAsync(s.Ritual.Audio, cancellationToken);
            var heard = await recognizer.TranscribeAsync(pcm, cancellationToken);
            return (s.Voice, s.Ritual, Heard: heard, Errors: WordErrorRate.Compare(s.Ritual.Script, heard));
        }));

        var rows = new List<BenchRow>();
        foreach (var voice in EmbeddedVoice.All)
        {
            var mine = scored.Where(s => s.Voice == voice).ToList();
            var total = mine.Aggregate(default(WordErrors), (sum, s) => sum + s.Errors);
            var audio = mine.Sum(s => s.Ritual.DurationMs) / 1000.0;
            var each = string.Join(", ", mine.Select(s => $"{s.Errors.Rate:P0}"));
            rows.Add(new BenchRow(
                "voices: intelligibility",
                voice.Label,
                $"WER {total.Rate:P1} ({total.Errors} errors in {total.ReferenceWords:N0} words: {total.Substitutions} sub, {total.Deletions} del, {total.Insertions} ins; {mine.Count} ritual{(mine.Count == 1 ? "" : "s")}, {audio:N0} s; by ritual {each})"));
            if (mine.FirstOrDefault() is { } example)
            {
                progress($"voices: {voice.Label} said \"{Start(example.Ritual.Script)}\", heard \"{Start(example.Heard)}\"");
            }
        }

        return rows;
    }

    /// <summary>The silo's settings: the built-in writer, the voice's provider, rituals as fast as they are made.</summary>
    private static Dictionary<string, string> Settings(string provider) => new()
    {
        ["Content:Provider"] = "builtin",
        ["Speech:Provider"] = provider,
        ["Conversation:PaceFactor"] = "0",
    };

    /// <summary>One session for a new user asks for the ritual and hears it through; then its script and saved audio are fetched.</summary>
    private static async Task<SavedRitual> MakeAsync(Uri url, string request, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(1) };
        var (_, token) = await new DevTokens(http).NewUserWithIdAsync(patience.Token);
        var stats = new BenchStats();
        await using var session = new BenchSession(url, stats);
        await session.ConnectAsync(token, untilListening: true, patience.Token);
        await session.StartTurnAsync(request, patience.Token);
        await session.WaitAsync(s => s.RitualsCreated > 0, "ritual.created", patience.Token);
        var id = session.LastRitualId ?? throw new InvalidOperationException("ritual.created named no ritual_id");

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var ritual = await http.GetFromJsonAsync<RitualResponse>($"/v1/rituals/{Uri.EscapeDataString(id)}", patience.Token)
            ?? throw new InvalidOperationException($"GET /v1/rituals/{id} answered nothing");
        var audio = await http.GetByteArrayAsync(ritual.AudioUrl, patience.Token);
        return new SavedRitual(id, ritual.Script, ritual.DurationMs, audio);
    }

    private static string Start(string text) => text.Length <= 100 ? text : text[..100] + "…";

    private sealed record SavedRitual(string Id, string Script, long DurationMs, byte[] Audio);
}
