using System.Runtime.CompilerServices;
using WaQup.Providers.Content;

namespace WaQup.Providers.Simulated;

/// <summary>Load-testing script writer: the built-in writer's text, delivered with a set time to first sentence and a set rate.</summary>
public sealed class LoadTestScriptWriter : IScriptWriter
{
    private readonly BuiltInScriptWriter _inner = new();
    private readonly SimulatedProviderOptions _options;
    private readonly TimeProvider _clock;

    /// <param name="clock">What the simulated latency is measured and waited on; the system clock when null.</param>
    public LoadTestScriptWriter(SimulatedProviderOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _clock = clock ?? TimeProvider.System;
    }

    public string TitleFor(RitualSpec spec) => _inner.TitleFor(spec);

    public async IAsyncEnumerable<ScriptPiece> WriteAsync(RitualSpec spec, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var intervalMs = _options.TextSentencesPerSecond > 0 ? 1000.0 / _options.TextSentencesPerSecond : 0;
        var schedule = new SimulatedSchedule(_options.TextFirstTokenMs, intervalMs, _clock);
        long index = 0;
        await foreach (var piece in _inner.WriteAsync(spec, cancellationToken).ConfigureAwait(false))
        {
            await schedule.WaitForAsync(index++, cancellationToken).ConfigureAwait(false);
            yield return piece;
        }
    }
}
