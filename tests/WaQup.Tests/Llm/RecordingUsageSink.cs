using System.Collections.Concurrent;
using WaQup.Providers.Content.Llm;

namespace WaQup.Tests.Llm;

/// <summary>Keeps every usage report, in order.</summary>
public sealed class RecordingUsageSink : ILlmUsageSink
{
    public ConcurrentQueue<LlmUsage> Reports { get; } = new();

    public void Record(LlmUsage usage) => Reports.Enqueue(usage);
}
