using System.Reflection;
using WaQup.Abstractions.Grains;
using WaQup.Api;
using WaQup.Grains.Sessions;
using WaQup.Providers.Blobs;

namespace WaQup.Tests.Architecture;

/// <summary>Dependencies point one way: everything depends on the contract, and the contract on the Orleans SDK alone.</summary>
public sealed class DependencyTests
{
    private static readonly string[] Providers = ["OpenAI", "Anthropic", "Azure", "Concentus", "Npgsql", "Polly", "WaQup.Providers"];

    [Fact]
    public void The_contract_depends_on_the_Orleans_SDK_alone()
    {
        var references = Names(typeof(ISessionGrain).Assembly);

        var foreign = references.Where(name => !name.StartsWith("System", StringComparison.Ordinal)
                                               && !name.StartsWith("Orleans", StringComparison.Ordinal)
                                               && !name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)
                                               && !name.StartsWith("Microsoft.Extensions", StringComparison.Ordinal)
                                               && name != "netstandard").ToList();

        Assert.True(foreign.Count == 0, $"WaQup.Abstractions references {string.Join(", ", foreign)}");
    }

    [Fact]
    public void The_api_carries_no_writer_voice_or_database_provider()
    {
        var references = Names(typeof(WaQupApi).Assembly);

        Assert.DoesNotContain(references, name => name is "WaQup.Providers" or "WaQup.Grains" or "OpenAI" or "Anthropic" or "Concentus");
    }

    [Fact]
    public void The_blob_store_stands_on_its_own()
    {
        var references = Names(typeof(IBlobStore).Assembly);

        Assert.DoesNotContain(references, name => Providers.Where(p => p != "Azure").Any(p => name.StartsWith(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void Grains_live_in_the_grains_assembly_and_only_there()
    {
        var grainAssemblies = new[] { typeof(ISessionGrain).Assembly, typeof(IBlobStore).Assembly, typeof(WaQupApi).Assembly }
            .Where(assembly => assembly.GetTypes().Any(type => typeof(Grain).IsAssignableFrom(type)))
            .ToList();

        Assert.Empty(grainAssemblies);
        Assert.Contains(typeof(SessionGrain).Assembly.GetTypes(), type => typeof(Grain).IsAssignableFrom(type));
    }

    private static List<string> Names(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(name => name.Name ?? "").ToList();
}
