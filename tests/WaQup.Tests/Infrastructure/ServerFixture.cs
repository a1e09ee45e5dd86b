namespace WaQup.Tests.Infrastructure;

/// <summary>One running system shared by the tests of a class; each test uses its own user ids.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private WaQupServer? _server;

    public WaQupServer Server => _server ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _server = await WaQupServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
