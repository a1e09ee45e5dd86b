using BenchmarkDotNet.Attributes;
using WaQup.Abstractions.Protocol;

namespace WaQup.Benchmarks.Protocol;

/// <summary>A server event from the outbox turned into a text frame's payload, as the bridge does it.</summary>
[MemoryDiagnoser]
public class ServerEventEncoding
{
    // Typed as the base class, as outbox items hold them, so the "type" discriminator is written too.
    private readonly ServerEvent _assistantTextDelta = new AssistantTextDeltaEvent(
        "resp_7", " Breathe in slowly through your nose, and let your shoulders soften as you breathe out.");

    private readonly ServerEvent _audioStart = new AudioStartEvent("resp_7");

    private readonly ServerEvent _stateChanged = new StateChangedEvent("speaking", "generating");

    [Benchmark]
    public byte[] AssistantTextDelta() => WireJson.Serialize(_assistantTextDelta);

    [Benchmark]
    public byte[] AudioStart() => WireJson.Serialize(_audioStart);

    [Benchmark]
    public byte[] StateChanged() => WireJson.Serialize(_stateChanged);
}
