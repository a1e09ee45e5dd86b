using k8s.Models;
using WaQup.Kubernetes.Tests.Infrastructure;

namespace WaQup.Kubernetes.Tests;

/// <summary>The objects of each overlay point at each other: selectors, target ports, scale targets and backends.</summary>
public sealed class WiringTests(RenderedOverlays overlays)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Deployment_selector_matches_its_own_pod_labels(string overlay)
    {
        var manifest = overlays[overlay];

        AssertSelectsThePods(manifest, manifest.Deployment.Spec.Selector);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Service_selects_the_silo_pods(string overlay)
    {
        var manifest = overlays[overlay];

        Assert.Equal("ClusterIP", manifest.Service.Spec.Type);
        Assert.NotEmpty(manifest.Service.Spec.Selector);
        Assert.Subset(manifest.PodTemplate.Metadata.Labels.ToHashSet(), manifest.Service.Spec.Selector.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Service_target_ports_are_declared_by_the_container(string overlay)
    {
        var manifest = overlays[overlay];

        Assert.All(manifest.Service.Spec.Ports, port => manifest.ContainerPort(port.TargetPort.Value));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Service_sends_port_80_to_the_http_port(string overlay)
    {
        var manifest = overlays[overlay];

        var web = Assert.Single(manifest.Service.Spec.Ports, port => port.Port == 80);
        Assert.Equal("http", manifest.ContainerPort(web.TargetPort.Value).Name);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Container_names_its_http_silo_and_gateway_ports(string overlay)
    {
        var manifest = overlays[overlay];

        Assert.Equal(8080, manifest.ContainerPort("http").ContainerPort);
        Assert.Equal(11111, manifest.ContainerPort("silo").ContainerPort);
        Assert.Equal(30000, manifest.ContainerPort("gateway").ContainerPort);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Disruption_budget_selects_the_silo_pods(string overlay)
    {
        var manifest = overlays[overlay];

        AssertSelectsThePods(manifest, manifest.DisruptionBudget.Spec.Selector);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Autoscaler_scales_the_silo_deployment_on_cpu(string overlay)
    {
        var manifest = overlays[overlay];
        var spec = manifest.Autoscaler.Spec;

        Assert.Equal("apps/v1", spec.ScaleTargetRef.ApiVersion);
        Assert.Equal("Deployment", spec.ScaleTargetRef.Kind);
        Assert.Equal(manifest.Deployment.Metadata.Name, spec.ScaleTargetRef.Name);
        Assert.InRange(spec.MinReplicas ?? 1, 1, spec.MaxReplicas);
        var cpu = Assert.Single(spec.Metrics, metric => metric.Type == "Resource" && metric.Resource.Name == "cpu");
        Assert.Equal("Utilization", cpu.Resource.Target.Type);
        Assert.InRange(cpu.Resource.Target.AverageUtilization ?? 0, 1, 100);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Ingress_routes_to_the_service_on_a_port_it_exposes(string overlay)
    {
        var manifest = overlays[overlay];
        var backends = manifest.Ingress.Spec.Rules.SelectMany(rule => rule.Http.Paths).Select(path => path.Backend.Service).ToList();

        Assert.NotEmpty(backends);
        Assert.All(backends, backend =>
        {
            Assert.Equal(manifest.Service.Metadata.Name, backend.Name);
            Assert.Contains(manifest.Service.Spec.Ports, port => backend.Port.Number is { } number ? port.Port == number : port.Name == backend.Port.Name);
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Pods_use_the_rendered_service_account(string overlay)
    {
        var manifest = overlays[overlay];

        Assert.Contains(manifest.Objects.OfType<k8s.Models.V1ServiceAccount>(), account => account.Metadata.Name == manifest.Pod.ServiceAccountName);
    }

    [Theory]
    [InlineData("dev", "waqup-dev")]
    [InlineData("production", "waqup")]
    public void Every_object_lands_in_the_overlay_namespace(string overlay, string expected)
    {
        Assert.All(overlays[overlay].Objects.Cast<k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>>(), item => Assert.Equal(expected, item.Metadata.NamespaceProperty));
    }

    private static void AssertSelectsThePods(Manifest manifest, V1LabelSelector selector)
    {
        Assert.Null(selector.MatchExpressions);
        Assert.NotEmpty(selector.MatchLabels);
        Assert.Subset(manifest.PodTemplate.Metadata.Labels.ToHashSet(), selector.MatchLabels.ToHashSet());
    }
}
