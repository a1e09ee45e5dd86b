using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WaQup.Providers.Speech;
using WaQup.Providers.Speech.Gate;
using WaQup.Silo.Hosting;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Speech;

/// <summary>The silo's speech gate as <see cref="ProviderSetup.AddSpeechGate"/> configures and registers it.</summary>
public sealed class SpeechGateSetupTests
{
    [Fact]
    public void The_embedded_voices_run_twice_as_many_syntheses_as_the_machine_has_processors_unless_MaxConcurrent_says_otherwise()
    {
        Assert.Equal(2 * Environment.ProcessorCount, Options().MaxConcurrent);
        Assert.Equal(3, Options(("Speech:MaxConcurrent", "3")).MaxConcurrent);
        Assert.Equal(3, Options(("Speech:Provider", "espeak"), ("Speech:MaxConcurrent", "3"), ("Speech:MaxConcurrentCloud", "40")).MaxConcurrent);
        Assert.Equal(3, Options(("Speech:Provider", "flite"), ("Speech:MaxConcurrent", "3"), ("Speech:MaxConcurrentCloud", "40")).MaxConcurrent);
    }

    [Fact]
    public void Cloud_providers_run_MaxConcurrentCloud_syntheses_sixteen_unless_configured()
    {
        Assert.Equal(16, Options(("Speech:Provider", "openai"), ("Speech:MaxConcurrent", "3")).MaxConcurrent);
        Assert.Equal(40, Options(("ELEVENLABS_API_KEY", "key"), ("Speech:MaxConcurrentCloud", "40")).MaxConcurrent);
    }

    [Fact]
    public void The_load_test_provider_is_unbounded_unless_MaxConcurrent_is_set()
    {
        Assert.Equal(int.MaxValue, Options(("Speech:Provider", "loadtest"), ("Speech:MaxConcurrentCloud", "40")).MaxConcurrent);
        Assert.Equal(5, Options(("Speech:Provider", "loadtest"), ("Speech:MaxConcurrent", "5")).MaxConcurrent);
    }

    [Fact]
    public void Waiting_is_bounded_per_requester_and_in_all_by_configuration()
    {
        var defaults = Options();
        var configured = Options(("Speech:MaxWaitingPerRequester", "2"), ("Speech:MaxWaiting", "9"));

        Assert.Equal((16, 512), (defaults.MaxWaitingPerRequester, defaults.MaxWaiting));
        Assert.Equal((2, 9), (configured.MaxWaitingPerRequester, configured.MaxWaiting));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_registered_gate_wraps_the_synthesizer_and_reports_in_flight_and_waiting_on_the_WaQup_meter()
    {
        var speech = new ControlledSpeech();
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISpeechSynthesizer>(speech);
        services.AddSpeechGate(Configuration(("Speech:MaxConcurrent", "1")));
        await using var provider = services.BuildServiceProvider();
        var gate = provider.GetRequiredService<ISpeechGate>();
        var gauges = new Dictionary<string, int>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meters) =>
            {
                // Scoped to this provider's factory: other tests' silos publish the same names in parallel.
                if (instrument.Meter.Name == "WaQup" && ReferenceEquals(instrument.Meter.Scope, provider.GetRequiredService<IMeterFactory>()))
                {
                    meters.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => gauges[instrument.Name] = value);
        listener.Start();

        var first = AllAsync(gate.SynthesizeAsync("a", "a0", "default", CancellationToken.None));
        var second = AllAsync(gate.SynthesizeAsync("b", "b0", "default", CancellationToken.None));
        listener.RecordObservableInstruments();

        Assert.Equal(1, gauges["waqup.speech.in_flight"]);
        Assert.Equal(1, gauges["waqup.speech.waiting"]);
        (await speech.NextStartedAsync("a0 has a free slot")).Finish();
        (await speech.NextStartedAsync("b0 gets the slot a0 gave back")).Finish();
        await Task.WhenAll(first, second).WaitAsync(ControlledSpeech.Patience);
        Assert.Equal(1, speech.MostRunning);
    }

    private static SpeechGateOptions Options(params (string Key, string Value)[] settings) =>
        ProviderSetup.SpeechGateOptionsFor(Configuration(settings));

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
            .Build();

    private static async Task AllAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> speech)
    {
        await foreach (var _ in speech)
        {
        }
    }
}
