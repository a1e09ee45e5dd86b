using Microsoft.Extensions.DependencyInjection;
using WaQup.Grains.Sessions;
using WaQup.Providers.Content;
using WaQup.Providers.Speech;

namespace WaQup.Tests.Infrastructure;

/// <summary>
/// The whole system with stamped speech (<see cref="StampedSpeech"/>, <see cref="StampedScriptWriter"/>) and a
/// <see cref="PoisoningFramePool"/> as its frame pool: for tests of who may read a pooled frame when.
/// </summary>
public sealed class StampedServer : IAsyncLifetime
{
    /// <summary>Sentences of a ritual: with ten frames each, at pace factor 4, about a second of streaming after the lead.</summary>
    public const int Sentences = 12;

    private WaQupServer? _server;

    public PoisoningFramePool Pool { get; } = new();

    public WaQupServer Server => _server ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _server = await WaQupServer.StartAsync(
        settings: new Dictionary<string, string?>
        {
            ["Conversation:SpeakGreeting"] = "false",
            ["Conversation:WelcomeGrant"] = "100",
            // Slow enough that what a test does twenty frames in lands while the response still streams.
            ["Conversation:PaceFactor"] = "4",
            // Stamps must reach the listener as they were made: no levelling, no bed.
            ["Sound:Enabled"] = "false",
        },
        replace: services =>
        {
            services.AddSingleton<FramePool>(Pool);
            services.AddSingleton<ISpeechSynthesizer>(new StampedSpeech());
            services.AddSingleton<IScriptWriter>(new StampedScriptWriter(Sentences));
        });

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
