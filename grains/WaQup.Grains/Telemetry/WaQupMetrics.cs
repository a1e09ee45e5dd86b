using System.Diagnostics;
using System.Diagnostics.Metrics;
using WaQup.Grains.Admission;
using WaQup.Grains.Sessions;
using WaQup.Grains.Sessions.Production;
using WaQup.Providers.Speech.Caching;

namespace WaQup.Grains.Telemetry;

/// <summary>
/// The engine's own instruments (meter <c>WaQup</c>) and its activity source (spans <c>WaQup</c>): what an operator
/// watches beside Orleans' and ASP.NET Core's own. Exported by OpenTelemetry (Prometheus at <c>/metrics</c>, OTLP).
/// </summary>
public sealed class WaQupMetrics : IDisposable
{
    public const string Name = "WaQup";

    /// <summary>Spans of the engine: a client event at the api, a ritual's production, a provider call.</summary>
    public static readonly ActivitySource Tracing = new(Name);

    private readonly Meter _meter;

    public WaQupMetrics(IMeterFactory meters, LocalSessions sessions, RecordingEncoder recordings, RitualAdmission admission, ISiloLoad load, IEnumerable<SpeechCache>? speechCaches = null)
    {
        _meter = meters.Create(Name);
        var caches = speechCaches?.ToArray() ?? [];
        // The hit ratio is hit / (hit + joined + miss); joined requests shared a synthesis already under way.
        _meter.CreateObservableCounter("waqup.speech.cache.requests", () => SpeechCacheRequests(caches), "{request}", "Sentences asked of the speech cache on this silo, by outcome: hit, joined (made once for several), miss");
        _meter.CreateObservableGauge("waqup.rituals.making", () => admission.Making, "{ritual}", "Rituals being written and spoken on this silo");
        _meter.CreateObservableGauge("waqup.rituals.saving", () => admission.Saving, "{ritual}", "Rituals whose audio has ended, waiting for their save on this silo");
        _meter.CreateObservableGauge("waqup.scheduler.lag", () => load.SchedulerLagMs, "ms", "How late this silo's 100 ms heartbeat runs (smoothed): threads waiting for a core");
        RitualsRefused = _meter.CreateCounter<long>("waqup.rituals.refused", "{ritual}", "Ritual requests refused with overloaded, by reason");
        _meter.CreateObservableGauge("waqup.sessions.active", () => sessions.Count, "{session}", "Sessions active on this silo");
        _meter.CreateObservableGauge("waqup.recording.backlog", () => recordings.PendingFrames, "{frame}", "Audio frames waiting for the library copy's encoder on this silo");
        SaveDuration = _meter.CreateHistogram<double>("waqup.ritual.save.duration", "ms", "From a ritual's last audio frame to its being saved and charged");
        Turns = _meter.CreateCounter<long>("waqup.turns", "{turn}", "User inputs a session took (text, ritual requests, confirmations)");
        FirstAudio = _meter.CreateHistogram<double>("waqup.first_audio.duration", "ms", "From the start of a response to its first audio frame");
        Cancels = _meter.CreateCounter<long>("waqup.cancels", "{cancel}", "Responses the user cancelled");
        ProviderCalls = _meter.CreateCounter<long>("waqup.provider.calls", "{call}", "Calls to the script and speech providers, by outcome");
        ProviderDuration = _meter.CreateHistogram<double>("waqup.provider.duration", "ms", "How long a provider call took, to its end");
        Credits = _meter.CreateCounter<long>("waqup.credits", "{credit}", "Credits reserved, committed and refunded");
    }

    public Counter<long> Turns { get; }

    /// <summary>Tag <c>reason</c>: which limit of admission control refused the ritual.</summary>
    public Counter<long> RitualsRefused { get; }

    public void RitualRefused(string reason) => RitualsRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public Histogram<double> FirstAudio { get; }

    /// <summary>Long when the machine is short of CPU: the library copy is encoded behind the live audio.</summary>
    public Histogram<double> SaveDuration { get; }

    public Counter<long> Cancels { get; }

    /// <summary>Tags: <c>provider</c> (speech, script), <c>outcome</c> (ok, error, cancelled).</summary>
    public Counter<long> ProviderCalls { get; }

    public Histogram<double> ProviderDuration { get; }

    /// <summary>Tag <c>operation</c>: reserved, committed, refunded (a refund on expiry included).</summary>
    public Counter<long> Credits { get; }

    public void CreditsMoved(string operation, int amount) =>
        Credits.Add(amount, new KeyValuePair<string, object?>("operation", operation));

    public void ProviderCall(string provider, string outcome, TimeSpan elapsed)
    {
        var providerTag = new KeyValuePair<string, object?>("provider", provider);
        var outcomeTag = new KeyValuePair<string, object?>("outcome", outcome);
        ProviderCalls.Add(1, providerTag, outcomeTag);
        ProviderDuration.Record(elapsed.TotalMilliseconds, providerTag, outcomeTag);
    }

    public void Dispose() => _meter.Dispose();

    private static Measurement<long>[] SpeechCacheRequests(SpeechCache[] caches) =>
    [
        new(caches.Sum(c => c.Hits), new KeyValuePair<string, object?>("outcome", "hit")),
        new(caches.Sum(c => c.Joined), new KeyValuePair<string, object?>("outcome", "joined")),
        new(caches.Sum(c => c.Misses), new KeyValuePair<string, object?>("outcome", "miss")),
    ];
}
