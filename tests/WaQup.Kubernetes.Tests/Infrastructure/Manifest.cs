using k8s.Models;

namespace WaQup.Kubernetes.Tests.Infrastructure;

/// <summary>The objects one kustomize directory renders, with the lookups the tests share.</summary>
public sealed class Manifest(string overlay, IReadOnlyList<object> objects)
{
    public string Overlay => overlay;

    public IReadOnlyList<object> Objects => objects;

    public V1Deployment Deployment => Assert.Single(objects.OfType<V1Deployment>());

    public V1PodTemplateSpec PodTemplate => Deployment.Spec.Template;

    public V1PodSpec Pod => PodTemplate.Spec;

    public V1Container Silo => Assert.Single(Pod.Containers, container => container.Name == "silo");

    /// <summary>Every container of the pod, init containers included: each runs with the pod's rights.</summary>
    public IEnumerable<V1Container> Containers => Pod.Containers.Concat(Pod.InitContainers ?? []);

    public V1Service Service => Assert.Single(objects.OfType<V1Service>());

    public V1Ingress Ingress => Assert.Single(objects.OfType<V1Ingress>());

    public V1PodDisruptionBudget DisruptionBudget => Assert.Single(objects.OfType<V1PodDisruptionBudget>());

    public V2HorizontalPodAutoscaler Autoscaler => Assert.Single(objects.OfType<V2HorizontalPodAutoscaler>());

    public IEnumerable<V1ConfigMap> ConfigMaps => objects.OfType<V1ConfigMap>();

    /// <summary>The container port a probe, Service or annotation names, by name or by number; fails when there is none.</summary>
    public V1ContainerPort ContainerPort(string nameOrNumber) =>
        Assert.Single(
            Silo.Ports,
            port => int.TryParse(nameOrNumber, out var number) ? port.ContainerPort == number : port.Name == nameOrNumber);

    /// <summary>
    /// The silo's plain settings as the process sees them: the config maps of <c>envFrom</c>, then <c>env</c> over them.
    /// Values taken from a field or a secret are left out: they are not known until the pod runs.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings
    {
        get
        {
            var settings = new Dictionary<string, string>();
            foreach (var source in Silo.EnvFrom ?? [])
            {
                if (source.ConfigMapRef is { } reference)
                {
                    var configMap = Assert.Single(ConfigMaps, map => map.Metadata.Name == reference.Name);
                    foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
                    {
                        settings[(source.Prefix ?? "") + key] = value;
                    }
                }
            }

            foreach (var variable in Silo.Env ?? [])
            {
                if (variable.ValueFrom is null)
                {
                    settings[variable.Name] = variable.Value ?? "";
                }
                else
                {
                    settings.Remove(variable.Name);
                }
            }

            return settings;
        }
    }

    public string Setting(string key) =>
        Settings.TryGetValue(key, out var value) ? value : throw new Xunit.Sdk.XunitException($"{overlay}: the silo has no setting {key}.");

    public V1EnvVar Variable(string name) => Assert.Single(Silo.Env, variable => variable.Name == name);
}
