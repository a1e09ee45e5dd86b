using BenchmarkDotNet.Attributes;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Sessions.Dialogue;

namespace WaQup.Benchmarks.Sessions;

/// <summary>The check before every state change: is the move in the table of <see cref="DialogueMachine"/>.</summary>
[MemoryDiagnoser]
public class DialogueTransitions
{
    // Fields, not constants, so the JIT cannot fold the lookup away.
    private SessionState _speaking = SessionState.Speaking;
    private SessionState _reviewing = SessionState.Reviewing;
    private SessionState _clarifying = SessionState.Clarifying;

    [Benchmark]
    public bool Allowed() => DialogueMachine.CanMove(_speaking, _reviewing);

    /// <summary>A refusal reads the whole list of the state's successors.</summary>
    [Benchmark]
    public bool Refused() => DialogueMachine.CanMove(_speaking, _clarifying);
}
