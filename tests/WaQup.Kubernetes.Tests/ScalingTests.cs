using WaQup.Kubernetes.Tests.Infrastructure;

namespace WaQup.Kubernetes.Tests;

/// <summary>How many silos each overlay runs, how far it scales, and how many may be down at once.</summary>
public sealed class ScalingTests(RenderedOverlays overlays)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void At_most_one_silo_is_disrupted_at_a_time(string overlay)
    {
        var manifest = overlays[overlay];
        var budget = manifest.DisruptionBudget.Spec;

        if (budget.MaxUnavailable is { } maxUnavailable)
        {
            Assert.Equal("1", maxUnavailable.Value);
        }
        else
        {
            Assert.True(int.TryParse(budget.MinAvailable?.Value, out var minAvailable), "the budget sets neither maxUnavailable nor a whole minAvailable.");
            Assert.True(minAvailable >= (manifest.Deployment.Spec.Replicas ?? 1) - 1);
        }
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Rollouts_add_a_silo_before_removing_one(string overlay)
    {
        var rollingUpdate = overlays[overlay].Deployment.Spec.Strategy.RollingUpdate;

        Assert.Equal("0", rollingUpdate.MaxUnavailable.Value);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Deployment_starts_within_the_autoscaler_range(string overlay)
    {
        var manifest = overlays[overlay];

        Assert.InRange(manifest.Deployment.Spec.Replicas ?? 1, manifest.Autoscaler.Spec.MinReplicas ?? 1, manifest.Autoscaler.Spec.MaxReplicas);
    }

    [Fact]
    public void Production_runs_at_least_three_silos_and_scales_beyond()
    {
        var manifest = overlays["production"];

        Assert.True(manifest.Deployment.Spec.Replicas >= 3);
        Assert.True(manifest.Autoscaler.Spec.MinReplicas >= 3);
        Assert.True(manifest.Autoscaler.Spec.MaxReplicas > manifest.Autoscaler.Spec.MinReplicas);
    }

    [Fact]
    public void Dev_runs_one_or_two_silos()
    {
        var manifest = overlays["dev"];

        Assert.InRange(manifest.Deployment.Spec.Replicas ?? 1, 1, 2);
        Assert.InRange(manifest.Autoscaler.Spec.MaxReplicas, 1, 2);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("memory")]
    public void Dev_asks_for_less_than_production(string resource)
    {
        var dev = overlays["dev"].Silo.Resources;
        var production = overlays["production"].Silo.Resources;

        Assert.True(dev.Requests[resource].ToDecimal() < production.Requests[resource].ToDecimal());
        Assert.True(dev.Limits[resource].ToDecimal() < production.Limits[resource].ToDecimal());
    }
}
