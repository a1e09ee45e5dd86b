namespace WaQup.Tests.Grains;

/// <summary>A cluster whose grain storage, ledger table and ritual catalog fail when a test asks them to (see the Faulty* types).</summary>
public sealed class FaultyStoresClusterFixture : GrainClusterFixture
{
    protected override bool FaultyStores => true;
}
