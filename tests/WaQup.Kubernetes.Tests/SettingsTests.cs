using System.Text.RegularExpressions;
using k8s.Models;
using WaQup.Kubernetes.Tests.Infrastructure;

namespace WaQup.Kubernetes.Tests;

/// <summary>The silo's configuration: pod identity from the downward API, settings from config maps, secrets by reference.</summary>
public sealed partial class SettingsTests(RenderedOverlays overlays)
{
    /// <summary>Created by the operator, never committed (see k8s/README.md).</summary>
    private static readonly string[] ExternalSecrets = ["waqup-secrets", "waqup-tls"];

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Orleans_advertises_the_pod_ip(string overlay)
    {
        var manifest = overlays[overlay];

        Assert.Equal("status.podIP", manifest.Variable("POD_IP").ValueFrom?.FieldRef?.FieldPath);
        Assert.Equal("status.podIP", manifest.Variable("WAQUP_Orleans__AdvertisedAddress").ValueFrom?.FieldRef?.FieldPath);
        Assert.Equal("true", manifest.Setting("WAQUP_Orleans__ListenOnAnyAddress"));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Silo_is_named_after_its_pod(string overlay)
    {
        var manifest = overlays[overlay];

        Assert.Equal("metadata.name", manifest.Variable("POD_NAME").ValueFrom?.FieldRef?.FieldPath);
        Assert.Equal("metadata.name", manifest.Variable("WAQUP_Orleans__SiloName").ValueFrom?.FieldRef?.FieldPath);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Silo_listens_on_the_ports_the_container_declares(string overlay)
    {
        var manifest = overlays[overlay];

        Assert.Equal("0.0.0.0", manifest.Setting("WAQUP_Http__BindAddress"));
        Assert.Equal(manifest.ContainerPort("http").ContainerPort.ToString(), manifest.Setting("WAQUP_PORT"));
        Assert.Equal(manifest.ContainerPort("silo").ContainerPort.ToString(), manifest.Setting("WAQUP_Orleans__SiloPort"));
        Assert.Equal(manifest.ContainerPort("gateway").ContainerPort.ToString(), manifest.Setting("WAQUP_Orleans__GatewayPort"));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Cluster_identity_comes_from_the_config_map(string overlay)
    {
        var manifest = overlays[overlay];

        Assert.NotEmpty(manifest.Setting("WAQUP_Orleans__ClusterId"));
        Assert.NotEmpty(manifest.Setting("WAQUP_Orleans__ServiceId"));
        Assert.Contains(manifest.ConfigMaps, map => map.Data?.ContainsKey("WAQUP_Orleans__ClusterId") == true);
    }

    [Fact]
    public void Dev_and_production_never_share_a_cluster_id()
    {
        Assert.NotEqual(overlays["dev"].Setting("WAQUP_Orleans__ClusterId"), overlays["production"].Setting("WAQUP_Orleans__ClusterId"));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Development_tokens_stay_off(string overlay)
    {
        var devTokens = overlays[overlay].Settings.GetValueOrDefault("WAQUP_Auth__DevTokens", "false");

        Assert.Equal("false", devTokens, ignoreCase: true);
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Config_map_references_resolve_to_rendered_config_maps(string overlay)
    {
        var manifest = overlays[overlay];
        var rendered = manifest.ConfigMaps.Select(map => map.Metadata.Name).ToHashSet();
        var referenced = manifest.Containers.SelectMany(container =>
                (container.EnvFrom ?? []).Select(source => source.ConfigMapRef?.Name)
                .Concat((container.Env ?? []).Select(variable => variable.ValueFrom?.ConfigMapKeyRef?.Name)))
            .Concat((manifest.Pod.Volumes ?? []).Select(volume => volume.ConfigMap?.Name))
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(referenced);
        Assert.All(referenced, name => Assert.Contains(name, rendered));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void No_secret_is_rendered(string overlay)
    {
        Assert.Empty(overlays[overlay].Objects.OfType<V1Secret>());
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Secret_references_name_only_the_documented_external_secrets(string overlay)
    {
        var referenced = SecretNames(overlays[overlay]).ToList();

        Assert.Contains("waqup-secrets", referenced);
        Assert.All(referenced, name => Assert.Contains(name, ExternalSecrets));
    }

    [Theory]
    [InlineData("WAQUP_ConnectionStrings__Postgres", "postgres-connection")]
    [InlineData("WAQUP_Auth__SigningKey", "auth-signing-key")]
    public void Required_secrets_are_read_from_waqup_secrets(string variable, string key)
    {
        Assert.All(RenderedOverlays.All, row =>
        {
            var reference = overlays[row.Data].Variable(variable).ValueFrom?.SecretKeyRef;
            Assert.NotNull(reference);
            Assert.Equal(("waqup-secrets", key), (reference.Name, reference.Key));
            Assert.False(reference.Optional ?? false, $"{key} is required, but {row.Data} marks it optional.");
        });
    }

    [Theory]
    [InlineData("openai-api-key")]
    [InlineData("stripe-api-key")]
    public void Provider_keys_are_optional_so_the_embedded_defaults_run_without_them(string key)
    {
        Assert.All(RenderedOverlays.All, row =>
        {
            var reference = Assert.Single(overlays[row.Data].Silo.Env, variable => variable.ValueFrom?.SecretKeyRef?.Key == key).ValueFrom.SecretKeyRef;
            Assert.True(reference.Optional);
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Secret_looking_settings_are_never_plain_values(string overlay)
    {
        Assert.All(overlays[overlay].Settings.Keys, key => Assert.DoesNotMatch(SecretName(), key));
    }

    [Fact]
    public void Readme_documents_every_secret_and_key_the_pods_read()
    {
        var readme = File.ReadAllText(RepositoryRoot.File("k8s/README.md"));
        var keys = RenderedOverlays.All.SelectMany(row => overlays[row.Data].Silo.Env)
            .Select(variable => variable.ValueFrom?.SecretKeyRef?.Key)
            .OfType<string>()
            .Distinct();

        Assert.All(ExternalSecrets.Concat(keys), name => Assert.Contains(name, readme, StringComparison.Ordinal));
    }

    private static IEnumerable<string> SecretNames(Manifest manifest) =>
        manifest.Containers.SelectMany(container =>
                (container.EnvFrom ?? []).Select(source => source.SecretRef?.Name)
                .Concat((container.Env ?? []).Select(variable => variable.ValueFrom?.SecretKeyRef?.Name)))
            .Concat((manifest.Pod.Volumes ?? []).Select(volume => volume.Secret?.SecretName))
            .Concat((manifest.Pod.ImagePullSecrets ?? []).Select(secret => secret.Name))
            .Concat((manifest.Ingress.Spec.Tls ?? []).Select(tls => tls.SecretName))
            .OfType<string>();

    [GeneratedRegex("connectionstring|signingkey|api_?key|secret|password|token$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
