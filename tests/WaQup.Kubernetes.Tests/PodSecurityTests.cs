using WaQup.Kubernetes.Tests.Infrastructure;

namespace WaQup.Kubernetes.Tests;

/// <summary>The pod runs unprivileged, on a pinned image, within set resources.</summary>
public sealed class PodSecurityTests(RenderedOverlays overlays)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Every_image_is_pinned_to_a_version_or_digest(string overlay)
    {
        Assert.All(overlays[overlay].Containers, container =>
            Assert.True(ImageReference.IsPinned(container.Image), $"{container.Name} runs {container.Image}, which is not pinned."));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Pod_runs_as_a_non_root_user(string overlay)
    {
        var manifest = overlays[overlay];
        var pod = manifest.Pod.SecurityContext;

        Assert.All(manifest.Containers, container =>
        {
            Assert.True(container.SecurityContext?.RunAsNonRoot ?? pod?.RunAsNonRoot, $"{container.Name} may run as root.");
            Assert.NotEqual(0, container.SecurityContext?.RunAsUser ?? pod?.RunAsUser ?? 0);
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Containers_cannot_gain_privileges(string overlay)
    {
        Assert.All(overlays[overlay].Containers, container =>
        {
            var context = container.SecurityContext;
            Assert.NotNull(context);
            Assert.False(context.AllowPrivilegeEscalation ?? true, $"{container.Name} allows privilege escalation.");
            Assert.False(context.Privileged ?? false, $"{container.Name} is privileged.");
            Assert.Contains("ALL", context.Capabilities?.Drop ?? []);
            Assert.Empty(context.Capabilities?.Add ?? []);
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Root_filesystem_is_read_only_with_an_empty_dir_for_tmp(string overlay)
    {
        var manifest = overlays[overlay];

        Assert.True(manifest.Silo.SecurityContext.ReadOnlyRootFilesystem);
        var tmp = Assert.Single(manifest.Silo.VolumeMounts, mount => mount.MountPath == "/tmp");
        Assert.NotNull(Assert.Single(manifest.Pod.Volumes, volume => volume.Name == tmp.Name).EmptyDir);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Containers_set_cpu_and_memory_requests_within_their_limits(string overlay)
    {
        Assert.All(overlays[overlay].Containers, container =>
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var request = Assert.Contains(resource, container.Resources.Requests);
                var limit = Assert.Contains(resource, container.Resources.Limits);
                Assert.True(request.ToDecimal() <= limit.ToDecimal(), $"{container.Name} requests more {resource} ({request}) than its limit ({limit}).");
            }
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Pods_get_no_kubernetes_api_token(string overlay)
    {
        // Membership is in PostgreSQL: a token would only widen what a compromised pod could do.
        Assert.False(overlays[overlay].Pod.AutomountServiceAccountToken ?? true);
    }
}
