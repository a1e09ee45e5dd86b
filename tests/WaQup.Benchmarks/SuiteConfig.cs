using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace WaQup.Benchmarks;

/// <summary>How the suite runs: the job, the toolchain, and where BenchmarkDotNet writes.</summary>
public static class SuiteConfig
{
    public static IConfig Create(RunOptions options)
    {
        var job = options.Quick
            ? Job.Default
                .WithId("Quick")
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithMinIterationCount(5)
                .WithMaxIterationCount(8)
                .WithIterationTime(TimeInterval.FromMilliseconds(250))
            : Job.Default;

        // In process: the default toolchain builds a second copy of the product graph inside bin/ for every run
        // (about 40 s on a 2-core machine, alongside whatever else is building there) for an isolation that
        // single-threaded microbenchmarks like these do not need.
        job = job.WithToolchain(InProcessEmitToolchain.Instance).AsDefault();

        return ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .WithArtifactsPath(options.ArtifactsPath);
    }
}
