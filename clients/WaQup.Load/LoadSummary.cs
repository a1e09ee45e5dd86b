using System.Text.Json;
using System.Text.Json.Serialization;

namespace WaQup.Load;

/// <summary>The result of a run, written as the JSON summary (snake_case).</summary>
public sealed record LoadSummary
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public int Sessions { get; init; }

    public double DurationS { get; init; }

    public long Turns { get; init; }

    /// <summary>Error events the scripts did not expect, by code.</summary>
    public IReadOnlyDictionary<string, long> Errors { get; init; } = new Dictionary<string, long>();

    public long FailedSessions { get; init; }

    public LatencyStats TurnLatencyMs { get; init; } = LatencyStats.Empty;

    /// <summary>Turn latencies counted into log-spaced buckets, for the report's histogram.</summary>
    public IReadOnlyList<LatencyBucket> TurnLatencyHistogram { get; init; } = [];

    public LatencyStats CancelLatencyMs { get; init; } = LatencyStats.Empty;

    public LatencyStats ConnectMs { get; init; } = LatencyStats.Empty;

    public double LateFrameRatio { get; init; }

    public long Frames { get; init; }

    public long LateFrames { get; init; }

    public long RitualsCreated { get; init; }

    public double RitualsPerMinute { get; init; }

    /// <summary>Ritual requests the server refused with <c>overloaded</c> (each asked again later): not failures.</summary>
    public long RitualsRefused { get; init; }

    /// <summary>Refusals among ritual requests answered: refused / (refused + taken).</summary>
    public double RefusedShare { get; init; }

    public double RefusedRetryAfterMeanMs { get; init; }

    public long Cancels { get; init; }

    public long Resumes { get; init; }

    public long BadInputs { get; init; }

    public long UsersCreated { get; init; }

    public long SessionsStarted { get; init; }

    /// <summary>Completed conversations by scenario name.</summary>
    public IReadOnlyDictionary<string, long> Conversations { get; init; } = new Dictionary<string, long>();

    /// <summary>The voice scenario's figures; zeros when nothing was spoken.</summary>
    public VoiceSummary Voice { get; init; } = VoiceSummary.Empty;

    /// <summary>Why sessions failed; the first 50 only.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    [JsonPropertyOrder(1)]
    public IReadOnlyList<TimelinePoint> Timeline { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public async Task WriteAsync(string path, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, ToJson(), cancellationToken);
    }
}
