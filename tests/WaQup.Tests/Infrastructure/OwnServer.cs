namespace WaQup.Tests.Infrastructure;

/// <summary>A test class with a running system of its own, started with the settings it is about.</summary>
public abstract class OwnServer(IDictionary<string, string?> settings) : IAsyncLifetime
{
    protected WaQupServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await WaQupServer.StartAsync(settings: settings);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
