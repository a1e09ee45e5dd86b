using System.Diagnostics;
using System.Runtime.CompilerServices;
using WaQup.Grains.Costs;
using WaQup.Providers.Content;
using WaQup.Providers.Speech;

namespace WaQup.Grains.Telemetry;

/// <summary>
/// Counts and times every call through a provider whichever one is configured, and gives each call a span, so a
/// trace runs from the client's event at the api through the session grain to the provider.
/// </summary>
public static class MeteredProvider
{
    public const string Speech = "speech";
    public const string Script = "script";

    /// <summary>Passes <paramref name="items"/> through, timing the whole stream and recording how it ended.</summary>
    public static async IAsyncEnumerable<T> Measure<T>(
        IAsyncEnumerable<T> items, string provider, WaQupMetrics metrics, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var span = WaQupMetrics.Tracing.StartActivity($"{provider}.call", ActivityKind.Client);
        span?.SetTag("waqup.provider", provider);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            await foreach (var item in items.WithCancellation(cancellationToken))
            {
                yield return item;
            }

            outcome = "ok";
        }
        finally
        {
            if (outcome != "ok" && cancellationToken.IsCancellationRequested)
            {
                outcome = "cancelled";
            }

            span?.SetTag("waqup.outcome", outcome);
            if (outcome == "error")
            {
                span?.SetStatus(ActivityStatusCode.Error);
            }

            metrics.ProviderCall(provider, outcome, Stopwatch.GetElapsedTime(started));
        }
    }
}

public sealed class MeteredSpeechSynthesizer(ISpeechSynthesizer inner, WaQupMetrics metrics) : ISpeechSynthesizer
{
    public IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(string text, string voice, CancellationToken cancellationToken) =>
        MeteredProvider.Measure(inner.SynthesizeAsync(text, voice, cancellationToken), MeteredProvider.Speech, metrics, cancellationToken);
}

public sealed class MeteredScriptWriter(IScriptWriter inner, WaQupMetrics metrics) : IScriptWriter
{
    public string TitleFor(RitualSpec spec) => inner.TitleFor(spec);

    public IAsyncEnumerable<ScriptPiece> WriteAsync(RitualSpec spec, CancellationToken cancellationToken) =>
        MeteredProvider.Measure(
            CostScopes.Within(inner.WriteAsync(spec, cancellationToken), CostOperations.Script, cancellationToken), MeteredProvider.Script, metrics, cancellationToken);
}
