using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WaQup.Tests.Recognition;

/// <summary>Keeps what is logged, so a test can read the warnings a component gave and check they leak nothing.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception) + (exception is null ? string.Empty : Environment.NewLine + exception)));
}
