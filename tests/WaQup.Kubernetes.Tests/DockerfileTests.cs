using System.Text.RegularExpressions;
using WaQup.Kubernetes.Tests.Infrastructure;

namespace WaQup.Kubernetes.Tests;

/// <summary>k8s/Dockerfile, read as text (no Docker engine is needed), and its agreement with the Deployment.</summary>
public sealed partial class DockerfileTests(RenderedOverlays overlays)
{
    private static readonly Dockerfile Image = Dockerfile.Load(RepositoryRoot.File("k8s/Dockerfile"));

    [Fact]
    public void Image_is_built_with_the_sdk_and_runs_on_the_aspnet_runtime()
    {
        Assert.True(Image.Stages.Count >= 2, "the Dockerfile is not multi-stage.");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", Image.Stages[0].Image);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", Image.Final.Image);
        Assert.Contains(Image.Final.Arguments("COPY"), arguments => arguments.StartsWith($"--from={Image.Stages[0].Name} ", StringComparison.Ordinal));
    }

    [Fact]
    public void Base_images_are_pinned_to_a_patch_version()
    {
        var stageNames = Image.Stages.Select(stage => stage.Name).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var bases = Image.Stages.Select(stage => stage.Image).Where(image => !stageNames.Contains(image)).ToList();

        Assert.NotEmpty(bases);
        Assert.All(bases, image =>
        {
            Assert.DoesNotContain("latest", image, StringComparison.OrdinalIgnoreCase);
            Assert.Matches(PatchVersionTag(), image);
        });
    }

    [Fact]
    public void Publishes_the_silo_in_release()
    {
        Assert.Contains(Image.Stages[0].Arguments("RUN"), run => PublishSilo().IsMatch(run));
    }

    [Fact]
    public void Runtime_installs_espeak_ng_and_libopus_without_recommends_and_cleans_the_lists()
    {
        var install = Assert.Single(Image.Final.Arguments("RUN"), run => run.Contains("apt-get install", StringComparison.Ordinal));

        Assert.Contains("--no-install-recommends", install, StringComparison.Ordinal);
        Assert.Matches(@"\bespeak-ng\b", install);
        Assert.Matches(@"\blibopus0\b", install);
        Assert.Contains("rm -rf /var/lib/apt/lists/*", install, StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_runs_as_a_numeric_non_root_user_the_pod_also_names()
    {
        var user = Assert.Single(Image.Final.Arguments("USER")).Split(':')[0];

        Assert.True(int.TryParse(user, out var uid), $"USER {user} is not numeric, so Kubernetes cannot check runAsNonRoot.");
        Assert.NotEqual(0, uid);
        Assert.Equal(uid, overlays["base"].Pod.SecurityContext.RunAsUser);
    }

    [Fact]
    public void The_web_app_is_built_from_its_lock_file_and_served_from_wwwroot()
    {
        var web = Assert.Single(Image.Stages, stage => stage.Image.StartsWith("node:", StringComparison.Ordinal));

        Assert.Contains(web.Arguments("RUN"), run => run.StartsWith("npm ci", StringComparison.Ordinal));
        Assert.Contains(web.Arguments("COPY"), copy => copy.Contains("clients/web/package-lock.json", StringComparison.Ordinal));
        Assert.Contains(Image.Final.Arguments("COPY"), copy => copy == $"--from={web.Name} /web/dist ./wwwroot");
    }

    [Fact]
    public void Entrypoint_starts_the_silo()
    {
        Assert.Equal("[\"dotnet\", \"WaQup.Silo.dll\"]", Assert.Single(Image.Final.Arguments("ENTRYPOINT")));
    }

    [Fact]
    public void Exposed_ports_are_the_ports_the_deployment_declares()
    {
        var exposed = Image.Final.Arguments("EXPOSE").SelectMany(arguments => arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).Order();
        var declared = overlays["base"].Silo.Ports.Select(port => port.ContainerPort).Order();

        Assert.Equal([8080, 9464, 11111, 30000], exposed);
        Assert.Equal(declared, exposed);
    }

    [Fact]
    public void Build_context_leaves_out_build_outputs_and_local_state()
    {
        var ignored = File.ReadAllLines(RepositoryRoot.File(".dockerignore")).Select(line => line.Trim()).ToHashSet();

        Assert.All(["**/bin/", "**/obj/", ".waqup/", "**/TestResults/", ".git/"], pattern => Assert.Contains(pattern, ignored));
    }

    [GeneratedRegex(@":\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(@sha256:[0-9a-f]{64})?$")]
    private static partial Regex PatchVersionTag();

    [GeneratedRegex(@"dotnet publish silo/WaQup\.Silo\S*.* -c Release .*-o /app\b")]
    private static partial Regex PublishSilo();
}
