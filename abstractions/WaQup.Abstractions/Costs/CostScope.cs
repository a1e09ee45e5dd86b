namespace WaQup.Abstractions.Costs;

/// <summary>
/// Whom the provider calls made under it serve (a user, their session, the ritual being made) and for what operation:
/// set by whoever starts the work, read where a call's cost is recorded, so that no provider interface has to carry it.
/// </summary>
/// <remarks>
/// It flows with the execution context (an <see cref="AsyncLocal{T}"/>): into awaited calls, tasks started under it and
/// the provider's own continuations. Code that only reads does not change it.
/// </remarks>
public sealed record CostScope(string? UserId, string? SessionId, string? RitualId, string? Operation = null)
{
    private static readonly AsyncLocal<CostScope?> Ambient = new();

    /// <summary>The scope of the calling flow; null when nobody set one (start-up, warm-up, tests of a provider alone).</summary>
    public static CostScope? Current => Ambient.Value;

    /// <summary>Makes <paramref name="scope"/> current until the returned value is disposed, which restores the one before.</summary>
    public static Entered Enter(CostScope? scope)
    {
        var previous = Ambient.Value;
        Ambient.Value = scope;
        return new Entered(previous);
    }

    /// <summary>The same scope, for <paramref name="operation"/> (script, extraction, speech, recognition).</summary>
    public static Entered EnterOperation(string operation) =>
        Enter((Current ?? new CostScope(null, null, null)) with { Operation = operation });

    /// <summary>Restores the scope that was current before <see cref="Enter"/>.</summary>
    public readonly struct Entered(CostScope? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
