namespace WaQup.Tests.Infrastructure;

/// <summary>
/// Every async test has a timeout, so a hang fails one test with its name instead of stalling the whole run. Generous:
/// they are for hangs, not for speed (speed lives in ./waqup bench), and a loaded 2-core machine is slow.
/// </summary>
public static class TestTimeouts
{
    public const int Default = 180_000;

    /// <summary>Tests that start several silo processes (and the chaos run, which drives hundreds of sessions).</summary>
    public const int Cluster = 600_000;
}
