using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>A cluster whose rituals wait at their save (the audio file's write) until the test releases them.</summary>
public sealed class HeldSaveClusterFixture : GrainClusterFixture
{
    private readonly string _name = $"held-{Guid.NewGuid():N}";

    public HeldBlobStore Saves => HeldBlobStore.Named(_name);

    protected override string? HeldSaves => _name;
}
