using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace WaQup.Providers.Speech.Cloud;

/// <summary>Characters synthesised per provider since the process started, for metrics and tests.</summary>
public sealed class InMemorySpeechUsage : ISpeechUsage
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _characters = new(StringComparer.Ordinal);

    public void Record(string provider, int characters)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentOutOfRangeException.ThrowIfNegative(characters);
        var total = _characters.GetOrAdd(provider, static _ => new StrongBox<long>());
        Interlocked.Add(ref total.Value, characters);
    }

    public long CharactersFor(string provider) =>
        _characters.TryGetValue(provider, out var total) ? Interlocked.Read(ref total.Value) : 0;

    public IReadOnlyDictionary<string, long> Snapshot() =>
        _characters.ToDictionary(pair => pair.Key, pair => Interlocked.Read(ref pair.Value.Value), StringComparer.Ordinal);
}
