using System.Collections.Concurrent;

namespace WaQup.Grains.Sessions;

/// <summary>The sessions active on this silo, so a drain can move each of them elsewhere.</summary>
public sealed class LocalSessions
{
    private readonly ConcurrentDictionary<string, byte> _ids = new(StringComparer.Ordinal);

    public int Count => _ids.Count;

    public IReadOnlyCollection<string> Ids => [.. _ids.Keys];

    public void Add(string sessionId) => _ids[sessionId] = 0;

    public void Remove(string sessionId) => _ids.TryRemove(sessionId, out _);
}
