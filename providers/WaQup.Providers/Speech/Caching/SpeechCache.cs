using System.Runtime.CompilerServices;

namespace WaQup.Providers.Speech.Caching;

/// <summary>
/// Finished speech kept in memory, least recently used dropped first within a byte budget, and the syntheses under way,
/// so that identical speech is synthesised once however many callers ask for it at the same time. Thread-safe; one per process.
/// </summary>
public sealed class SpeechCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<CachedSpeech>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<CachedSpeech> _recency = new();
    private readonly Dictionary<string, SpeechFlight> _flights = new(StringComparer.Ordinal);

    // Written under the gate, read without it (Interlocked.Read: whole 64-bit values on any platform).
    private long _hits;
    private long _joined;
    private long _misses;
    private long _bytes;

    public SpeechCache(SpeechCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxBytes);
        MaxBytes = options.MaxBytes;
    }

    public long MaxBytes { get; }

    /// <summary>Bytes of audio held by finished entries.</summary>
    public long CachedBytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Requests answered from a finished entry, without a synthesis.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Requests that joined a synthesis already under way for the same speech: it is made once for all of them.</summary>
    public long Joined => Interlocked.Read(ref _joined);

    /// <summary>Requests that started a synthesis.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Finished entries held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Replays the entry for <paramref name="key"/>, or joins the synthesis under way for it, or starts one with
    /// <paramref name="synthesize"/>. A new synthesis's chunks are yielded as soon as it produces them.
    /// </summary>
    internal async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(
        string key,
        Func<CancellationToken, IAsyncEnumerable<ReadOnlyMemory<byte>>> synthesize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ReadOnlyMemory<byte>[]? cached = null;
        SpeechFlight? flight = null;
        var starts = false;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                cached = node.Value.Chunks;
                _hits++;
            }
            else
            {
                if (!_flights.TryGetValue(key, out flight))
                {
                    flight = new SpeechFlight();
                    _flights.Add(key, flight);
                    starts = true;
                    _misses++;
                }
                else
                {
                    _joined++;
                }

                flight.Join();
            }
        }

        if (cached is not null)
        {
            foreach (var chunk in cached)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return chunk;
            }

            yield break;
        }

        try
        {
            if (starts)
            {
                // Runs synchronously up to the provider's first real wait, then fills the flight in the background of this enumeration.
                _ = RunAsync(key, flight!, synthesize);
            }

            var index = 0;
            while (true)
            {
                if (flight!.TryRead(index, out var chunk, out var changed))
                {
                    index++;
                    yield return chunk;
                    continue;
                }

                if (changed is null)
                {
                    yield break;
                }

                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Leave(key, flight!);
        }
    }

    private async Task RunAsync(string key, SpeechFlight flight, Func<CancellationToken, IAsyncEnumerable<ReadOnlyMemory<byte>>> synthesize)
    {
        try
        {
            await foreach (var chunk in synthesize(flight.Token).WithCancellation(flight.Token).ConfigureAwait(false))
            {
                if (!chunk.IsEmpty)
                {
                    // A copy: the provider's contract does not promise the chunk is not reused.
                    flight.Append(chunk.ToArray());
                }
            }
        }
        catch (Exception exception)
        {
            lock (_gate)
            {
                Forget(key, flight);
            }

            flight.Fail(exception);
            return;
        }

        var (chunks, bytes) = flight.Whole();
        lock (_gate)
        {
            Forget(key, flight);
            // A provider that ends early on cancellation instead of throwing may have stopped mid-sentence.
            if (!flight.WasCancelled)
            {
                Store(key, chunks, bytes);
            }
        }

        // Stored first: a caller who has heard the whole sentence and asks for it again finds it in the cache, and
        // never pays for it twice (the readers ended before the store, and the next asked the provider again).
        flight.Complete();
    }

    private void Leave(string key, SpeechFlight flight)
    {
        bool abandoned;
        lock (_gate)
        {
            abandoned = flight.Leave();
            if (abandoned)
            {
                Forget(key, flight);
            }
        }

        if (abandoned)
        {
            // Nobody is listening any more: stop paying for the rest of the sentence. It is not cached.
            flight.Cancel();
        }
    }

    private void Forget(string key, SpeechFlight flight)
    {
        if (_flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
        {
            _flights.Remove(key);
        }
    }

    private void Store(string key, ReadOnlyMemory<byte>[] chunks, long bytes)
    {
        if (bytes == 0 || bytes > MaxBytes || _entries.ContainsKey(key))
        {
            return;
        }

        _entries.Add(key, _recency.AddFirst(new CachedSpeech(key, chunks, bytes)));
        _bytes += bytes;
        while (_bytes > MaxBytes && _recency.Last is { } oldest)
        {
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.Key);
            _bytes -= oldest.Value.Bytes;
        }
    }
}
