namespace WaQup.Tests.Cluster;

/// <summary>
/// The cluster tests start several silo processes and drive hundreds of sessions: on two cores, beside the rest of the
/// suite, they starved (and it starved them). They run on their own, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster processes";
}
