using k8s.Models;
using WaQup.Kubernetes.Tests.Infrastructure;

namespace WaQup.Kubernetes.Tests;

/// <summary>The kubelet and Prometheus ask the paths the api maps, on a port the container declares.</summary>
public sealed class ProbeTests(RenderedOverlays overlays)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Readiness_asks_readyz_on_the_http_port(string overlay)
    {
        var manifest = overlays[overlay];

        AssertAsksHttpPort(manifest, manifest.Silo.ReadinessProbe, "/readyz");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Liveness_asks_healthz_on_the_http_port(string overlay)
    {
        var manifest = overlays[overlay];

        AssertAsksHttpPort(manifest, manifest.Silo.LivenessProbe, "/healthz");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Startup_asks_healthz_on_the_http_port(string overlay)
    {
        var manifest = overlays[overlay];

        AssertAsksHttpPort(manifest, manifest.Silo.StartupProbe, "/healthz");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Prometheus_scrapes_metrics_on_their_own_port(string overlay)
    {
        var manifest = overlays[overlay];
        var annotations = manifest.PodTemplate.Metadata.Annotations;

        Assert.Equal("true", annotations["prometheus.io/scrape"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);
        // Their own port, which the Service and the Ingress do not expose.
        Assert.Equal("metrics", manifest.ContainerPort(annotations["prometheus.io/port"]).Name);
    }

    [Fact]
    public void Probed_paths_are_mapped_by_the_api()
    {
        var source = File.ReadAllText(RepositoryRoot.File("api/WaQup.Api/Health/ReadinessEndpoints.cs"));
        var silo = overlays["base"].Silo;
        var paths = new[] { silo.ReadinessProbe, silo.LivenessProbe, silo.StartupProbe }.Select(probe => probe.HttpGet.Path).Distinct();

        Assert.All(paths, path => Assert.Contains($"\"{path}\"", source, StringComparison.Ordinal));
    }

    private static void AssertAsksHttpPort(Manifest manifest, V1Probe probe, string path)
    {
        Assert.Equal(path, probe.HttpGet.Path);
        Assert.Equal("http", manifest.ContainerPort(probe.HttpGet.Port.Value).Name);
    }
}
