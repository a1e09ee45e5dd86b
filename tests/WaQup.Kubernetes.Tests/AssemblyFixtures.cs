using WaQup.Kubernetes.Tests.Infrastructure;

// kustomize runs once per directory for the whole run; every test reads the same rendering.
[assembly: AssemblyFixture(typeof(RenderedOverlays))]
