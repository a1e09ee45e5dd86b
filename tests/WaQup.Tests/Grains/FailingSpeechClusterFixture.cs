namespace WaQup.Tests.Grains;

/// <summary>A cluster whose speech provider speaks the greeting and two sentences, then breaks down.</summary>
public sealed class FailingSpeechClusterFixture : GrainClusterFixture
{
    protected override int? SpeechFailsAfter => 3;
}
