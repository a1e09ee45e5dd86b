using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaQup.Client;

namespace WaQup.Seed;

/// <summary>
/// Fills a running system's marketplace through its public API, as people would: demo creators each ask for their
/// rituals in a conversation (one-minute rituals, written by the system's own writer and spoken by its voice), then
/// make and publish a pack of them. Running again with the same <c>--run</c> skips the packs each creator has published
/// (by title) and finishes the rest; a pack's creation carries an Idempotency-Key of the run and its number.
/// </summary>
public sealed class Seeder(SeedOptions options, TextWriter output)
{
    private static readonly TimeSpan RitualPatience = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http = new() { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(60) };
    private int _published;
    private int _rituals;
    private int _failed;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        output.WriteLine($"seed: {options.Packs:N0} packs by {options.Creators:N0} demo creators, {options.RitualsPerPack} one-minute ritual(s) each, {options.Concurrency} at once, on {options.Url} (run {options.Run})");
        using var gate = new SemaphoreSlim(options.Concurrency);
        using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporter = ReportAsync(clock, reporting.Token);
        var creators = Enumerable.Range(0, options.Creators).Select(c => CreatorAsync(c, gate, cancellationToken)).ToList();
        await Task.WhenAll(creators);
        await reporting.CancelAsync();
        await reporter;
        output.WriteLine($"seed: {_published:N0} packs published, {_rituals:N0} rituals made, {_failed:N0} packs failed, in {clock.Elapsed.TotalMinutes:N1} min");
        return _failed == 0 ? 0 : 1;
    }

    /// <summary>One demo creator: their packs (every <see cref="SeedOptions.Creators"/>th), one after another.</summary>
    private async Task CreatorAsync(int creator, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var packs = Enumerable.Range(0, options.Packs).Where(p => p % options.Creators == creator).ToList();
        if (packs.Count == 0)
        {
            return;
        }

        try
        {
            var token = await TokenAsync($"demo-{options.Run}-creator-{creator:D4}", cancellationToken);
            await SendAsync(token, HttpMethod.Put, "/v1/me/creator", new { display_name = DemoCatalogue.CreatorName(creator), bio = "A demo creator, made by ./waqup seed." }, null, cancellationToken);
            // A run started again (same --run) skips what this creator has published already.
            var mine = await SendAsync(token, HttpMethod.Get, "/v1/me/creator/packs", null, null, cancellationToken);
            var done = mine?["items"]?.AsArray().Where(i => (string?)i?["status"] == "published").Select(i => (string?)i?["pack"]?["title"]).ToHashSet() ?? [];
            foreach (var pack in packs)
            {
                if (done.Contains(DemoCatalogue.Title(pack)))
                {
                    Interlocked.Increment(ref _published);
                    continue;
                }

                await PackAsync(token, pack, gate, cancellationToken);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            Interlocked.Add(ref _failed, packs.Count);
            output.WriteLine($"seed: demo creator {creator}: {error.Message}");
        }
    }

    private async Task PackAsync(string token, int pack, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var rituals = new List<string>();
        for (var r = 0; r < options.RitualsPerPack; r++)
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                rituals.Add(await RitualAsync(token, DemoCatalogue.Kind(pack), DemoCatalogue.Topic(pack, r), cancellationToken));
                Interlocked.Increment(ref _rituals);
            }
            finally
            {
                gate.Release();
            }
        }

        var created = await SendAsync(token, HttpMethod.Post, "/v1/packs", new
        {
            title = DemoCatalogue.Title(pack),
            description = DemoCatalogue.Description(pack),
            ritual_ids = rituals,
            price_credits = DemoCatalogue.Price(pack),
            tags = DemoCatalogue.Tags(pack),
        }, $"seed-{options.Run}-pack-{pack}", cancellationToken);
        var packId = (string?)created?["pack_id"] ?? throw new InvalidOperationException("POST /v1/packs answered no pack_id");
        await SendAsync(token, HttpMethod.Post, $"/v1/packs/{packId}/publish", null, null, cancellationToken);
        Interlocked.Increment(ref _published);
    }

    /// <summary>Asks for one ritual in a conversation, as the web app's buttons do; waits out <c>overloaded</c> and asks again.</summary>
    private async Task<string> RitualAsync(string token, string kind, string topic, CancellationToken cancellationToken)
    {
        await using var conversation = await ConversationClient.ConnectAsync(options.Url, token, cancellationToken);
        await conversation.SendAsync(new Dictionary<string, object> { ["type"] = "session.start" }, cancellationToken);
        var request = new Dictionary<string, object> { ["type"] = "ritual.request", ["kind"] = kind, ["topic"] = topic, ["duration_minutes"] = 1, ["confirm"] = true };
        await conversation.SendAsync(request, cancellationToken);
        var deadline = DateTime.UtcNow + RitualPatience;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = deadline - DateTime.UtcNow;
            var next = await conversation.NextAsync(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1))
                ?? throw new InvalidOperationException("the conversation closed before its ritual was saved");
            switch ((string?)next.Event?["type"])
            {
                case "ritual.created":
                    return (string?)next.Event!["ritual_id"] ?? throw new InvalidOperationException("ritual.created has no ritual_id");
                case "error" when (string?)next.Event!["code"] == "overloaded":
                    await Task.Delay(TimeSpan.FromMilliseconds((int?)next.Event["retry_after_ms"] ?? 1000), cancellationToken);
                    await conversation.SendAsync(request, cancellationToken);
                    break;
                case "error" when (bool?)next.Event!["fatal"] == true || (string?)next.Event["code"] is "insufficient_credits" or "provider_unavailable":
                    throw new InvalidOperationException($"asking for a {kind} on {topic}: {next.Event["code"]}: {next.Event["message"]}");
            }
        }
    }

    private async Task ReportAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
                output.WriteLine($"seed: {Volatile.Read(ref _published):N0} of {options.Packs:N0} packs published, {Volatile.Read(ref _rituals):N0} rituals made, {Volatile.Read(ref _failed):N0} failed, {clock.Elapsed.TotalMinutes:N1} min");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<string> TokenAsync(string userId, CancellationToken cancellationToken)
    {
        using var issued = await _http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = userId }, cancellationToken);
        if (!issued.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{options.Url} gives no dev tokens ({(int)issued.StatusCode}); seed a system started by ./waqup up");
        }

        return (string?)(await issued.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["access_token"] ?? throw new InvalidOperationException("no access_token");
    }

    private async Task<JsonObject?> SendAsync(string token, HttpMethod method, string path, object? body, string? key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null
            : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
    }
}
