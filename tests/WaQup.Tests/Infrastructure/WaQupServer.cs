using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WaQup.Api;
using WaQup.Api.Auth;
using WaQup.Client;
using WaQup.Silo.Hosting;

namespace WaQup.Tests.Infrastructure;

/// <summary>
/// The whole system in this process, as <c>./waqup up</c> composes it: a silo on the real PostgreSQL with the api
/// on a real loopback port. Tests may replace services (a failing speech provider, say) before it starts.
/// </summary>
public sealed class WaQupServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WaQupServer(WebApplication app, Uri baseUri, string connectionString, string blobRoot)
    {
        _app = app;
        BaseUri = baseUri;
        ConnectionString = connectionString;
        BlobRoot = blobRoot;
    }

    public Uri BaseUri { get; }

    public string ConnectionString { get; }

    public string BlobRoot { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<WaQupServer> StartAsync(
        string? connectionString = null,
        string? blobRoot = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? replace = null)
    {
        connectionString ??= await TestDatabase.CreateAsync();
        blobRoot ??= Directory.CreateTempSubdirectory("waqup-blobs-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["urls"] = "http://127.0.0.1:0",
            // Metrics on the api's own (random) port: tests read them there.
            ["Observability:MetricsPort"] = "0",
            ["Auth:DevTokens"] = "true",
            ["Blobs:Root"] = blobRoot,
            ["Orleans:ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            ["Conversation:PaceFactor"] = "20",
            // A decoder loads when someone first speaks, not with every one of the suite's servers.
            ["Recognition:WarmUp"] = "false",
            // The suite runs many servers on two cores at once: their threads run late, and that must not refuse the
            // rituals they test. The lag limit has tests of its own.
            ["Admission:MaxSchedulerLagMs"] = "60000",
            ["Logging:LogLevel:Default"] = "Warning",
            // Each test starts its own host: their start-up notes would bury a failure in the run's output.
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:Orleans.Runtime.Silo"] = "Error",
            ["Logging:LogLevel:Orleans.Runtime.Watchdog"] = "Error",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.AddWaQupSilo();
        builder.AddWaQupApi();
        replace?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapWaQupNode();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WaQupServer(app, new Uri(address), connectionString, blobRoot);
    }

    public string TokenFor(string userId) => Services.GetRequiredService<TokenIssuer>().Issue(userId);

    public HttpClient HttpFor(string? userId)
    {
        var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (userId is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId));
        }

        return client;
    }

    public Task<ConversationClient> ConnectAsync(string userId) => ConversationClient.ConnectAsync(BaseUri, TokenFor(userId));

    public async Task<T> GetJsonAsync<T>(string userId, string path)
    {
        using var http = HttpFor(userId);
        return (await http.GetFromJsonAsync<T>(path))!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
