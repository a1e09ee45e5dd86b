using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace WaQup.Providers.Speech.Gate;

/// <summary>At most <see cref="SpeechGateOptions.MaxConcurrent"/> syntheses at once on this silo, waiting requests served fairly.</summary>
/// <remarks>
/// A slot is held by the synthesis, not by its listener: the inner synthesiser's chunks are pumped into a buffer as
/// fast as it makes them, each passed on as it arrives, and the slot goes back as soon as the synthesis has finished,
/// failed or been cancelled. A session that paces its audio to real time therefore holds no slot while it waits.
/// That relies on a chunk staying valid once yielded, as every provider here promises (a new array, or shared memory
/// nobody writes). One per silo: its gauges are the silo's.
/// </remarks>
public sealed class SpeechGate : ISpeechGate
{
    private static readonly UnboundedChannelOptions BufferOptions = new() { SingleReader = true, SingleWriter = true };

    private readonly ISpeechSynthesizer _inner;
    private readonly FairSlots _slots;
    private readonly TimeProvider _time;
    private readonly Histogram<double>? _waits;
    private readonly Counter<long>? _refused;

    /// <param name="meter">Where the gate's instruments go (the silo's <c>WaQup</c> meter); null for none.</param>
    public SpeechGate(ISpeechSynthesizer inner, SpeechGateOptions options, TimeProvider time, Meter? meter = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _inner = inner;
        _time = time;
        _slots = new FairSlots(options);
        Options = options;
        if (meter is not null)
        {
            meter.CreateObservableGauge("waqup.speech.in_flight", () => _slots.InFlight, "{synthesis}", "Syntheses running on this silo, at most Speech:MaxConcurrent");
            meter.CreateObservableGauge("waqup.speech.waiting", () => _slots.Waiting, "{request}", "Speech requests waiting for a synthesis slot on this silo");
            _waits = meter.CreateHistogram<double>("waqup.speech.wait.duration", "ms", "How long a speech request waited for a synthesis slot");
            _refused = meter.CreateCounter<long>("waqup.speech.refused", "{request}", "Speech requests refused because too many were waiting, by reason");
        }
    }

    public SpeechGateOptions Options { get; }

    /// <summary>Syntheses running now.</summary>
    public int InFlight => _slots.InFlight;

    /// <summary>Requests waiting for a slot now.</summary>
    public int Waiting => _slots.Waiting;

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(
        string requester,
        string text,
        string voice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        var asked = _time.GetTimestamp();
        try
        {
            await _slots.AcquireAsync(requester, cancellationToken).ConfigureAwait(false);
        }
        catch (SpeechBusyException busy)
        {
            _refused?.Add(1, new KeyValuePair<string, object?>("reason", busy.Reason == SpeechBusyReason.RequesterQueueFull ? "requester" : "silo"));
            throw;
        }

        _waits?.Record(_time.GetElapsedTime(asked).TotalMilliseconds);
        if (cancellationToken.IsCancellationRequested)
        {
            // Cancelled just as the slot came: pass it on rather than start a synthesis nobody wants.
            _slots.Release();
            cancellationToken.ThrowIfCancellationRequested();
        }

        var buffer = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(BufferOptions);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // On the thread pool, whoever the caller is: a grain's scheduler would run the provider's continuations (and
        // its process start) between the grain's own turns, and a busy grain would hold the slot longer.
        var pumping = Task.Run(() => PumpAsync(text, voice, buffer.Writer, stop.Token), CancellationToken.None);
        try
        {
            while (await buffer.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (buffer.Reader.TryRead(out var chunk))
                {
                    // Audio already made is not worth hearing once the listener has cancelled.
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return chunk;
                }
            }

            // The synthesiser's own exception, as it threw it: the buffer only ever ends normally.
            await pumping.ConfigureAwait(false);
        }
        finally
        {
            if (!pumping.IsCompleted)
            {
                // The listener stopped or cancelled early: the rest of the sentence is not wanted.
                await stop.CancelAsync().ConfigureAwait(false);
            }

            await pumping.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task PumpAsync(string text, string voice, ChannelWriter<ReadOnlyMemory<byte>> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var chunk in _inner.SynthesizeAsync(text, voice, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                buffer.TryWrite(chunk);
            }
        }
        finally
        {
            // Before the buffer ends, so a listener who has heard the end finds the slot already free.
            _slots.Release();
            buffer.TryComplete();
        }
    }
}
