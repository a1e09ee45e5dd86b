using k8s;

namespace WaQup.Kubernetes.Tests.Infrastructure;

/// <summary>The base and both overlays, each rendered by kustomize and read into the client's typed models.</summary>
public sealed class RenderedOverlays : IAsyncLifetime
{
    public static readonly TheoryData<string> All = ["base", "dev", "production"];

    private static readonly Dictionary<string, string> Directories = new()
    {
        ["base"] = "k8s/base",
        ["dev"] = "k8s/overlays/dev",
        ["production"] = "k8s/overlays/production",
    };

    private readonly Dictionary<string, Manifest> _manifests = [];

    public Manifest this[string overlay] => _manifests[overlay];

    public async ValueTask InitializeAsync()
    {
        var rendered = await Task.WhenAll(Directories.Select(async entry => (entry.Key, Yaml: await Kubectl.KustomizeAsync(entry.Value))));
        foreach (var (overlay, yaml) in rendered)
        {
            try
            {
                // Strict: a misspelt or misplaced field fails here instead of being dropped silently by the cluster.
                _manifests[overlay] = new Manifest(overlay, KubernetesYaml.LoadAllFromString(yaml, strict: true));
            }
            catch (YamlDotNet.Core.YamlException error)
            {
                throw new InvalidOperationException($"{Directories[overlay]} renders YAML the Kubernetes models reject: {error.Message}", error);
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
