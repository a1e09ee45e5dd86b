using System.Globalization;
using System.Text.RegularExpressions;
using WaQup.Kubernetes.Tests.Infrastructure;

namespace WaQup.Kubernetes.Tests;

/// <summary>
/// A stopping pod leaves routing first (preStop), then drains its sessions within <c>Shutdown:DrainTimeout</c>, and the host
/// allows the drain 15 s more to stop; the kubelet must not kill it before all of that is done.
/// </summary>
public sealed partial class DrainTests(RenderedOverlays overlays)
{
    private const int HostShutdownMarginSeconds = 15;

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Grace_period_covers_pre_stop_drain_and_host_shutdown(string overlay)
    {
        var manifest = overlays[overlay];
        var drain = TimeSpan.Parse(manifest.Setting("WAQUP_Shutdown__DrainTimeout"), CultureInfo.InvariantCulture);
        var needed = PreStopSeconds(manifest) + drain.TotalSeconds + HostShutdownMarginSeconds;

        Assert.True(
            manifest.Pod.TerminationGracePeriodSeconds >= needed,
            $"{overlay}: terminationGracePeriodSeconds {manifest.Pod.TerminationGracePeriodSeconds} is less than the {needed} s a stop can take.");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Pod_waits_before_sigterm_so_routing_stops_first(string overlay)
    {
        Assert.InRange(PreStopSeconds(overlays[overlay]), 5, 30);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Drain_timeout_is_set_for_the_silo(string overlay)
    {
        var drain = TimeSpan.Parse(overlays[overlay].Setting("WAQUP_Shutdown__DrainTimeout"), CultureInfo.InvariantCulture);

        Assert.True(drain > TimeSpan.Zero);
    }

    /// <summary>The preStop pause, whether the kubelet's own sleep action or a <c>sleep</c> command.</summary>
    private static double PreStopSeconds(Manifest manifest)
    {
        var preStop = manifest.Silo.Lifecycle?.PreStop;
        Assert.NotNull(preStop);
        if (preStop.Sleep is { } sleep)
        {
            return sleep.Seconds;
        }

        var command = string.Join(' ', preStop.Exec?.Command ?? []);
        var match = SleepCommand().Match(command);
        Assert.True(match.Success, $"preStop neither sleeps nor runs sleep: '{command}'.");
        return double.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\bsleep\s+(?<seconds>\d+(\.\d+)?)")]
    private static partial Regex SleepCommand();
}
