using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using WaQup.Providers.Speech.Gate;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Speech;

/// <summary>The gate as the silo composes it: around the metered, cached embedded voice (flite), with its instruments on the WaQup meter.</summary>
public sealed class SpeechGateHostingTests
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_silo_speaks_through_its_gate_around_the_metered_provider_and_measures_the_gate()
    {
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?> { ["Speech:MaxConcurrent"] = "3" });
        var measured = new ConcurrentDictionary<string, double>();
        using var listener = Listen(server.Services.GetRequiredService<IMeterFactory>(), measured);
        var gate = server.Services.GetRequiredService<ISpeechGate>();

        var bytes = 0L;
        await foreach (var chunk in gate.SynthesizeAsync($"user-{Guid.NewGuid():N}", "You are allowed to rest.", "default", CancellationToken.None))
        {
            bytes += chunk.Length;
        }

        listener.RecordObservableInstruments();
        Assert.True(bytes > 10_000, $"{bytes} bytes is not a sentence of speech.");
        Assert.Equal(3, ((SpeechGate)gate).Options.MaxConcurrent);
        Assert.Equal(0, measured["waqup.speech.in_flight"]);
        Assert.Equal(0, measured["waqup.speech.waiting"]);
        Assert.True(measured.ContainsKey("waqup.speech.wait.duration"), "The wait for the slot should have been recorded.");
        // The metering sits inside the gate: the synthesis it let through counts as a speech provider call.
        Assert.True(measured.ContainsKey("waqup.provider.calls speech"), "The speech provider call should have been counted.");
    }

    // Only this server's meter: other tests' silos publish the same instruments in parallel.
    private static MeterListener Listen(IMeterFactory meters, ConcurrentDictionary<string, double> measured)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, self) =>
            {
                if (instrument.Meter.Name == "WaQup" && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    self.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measured[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measured[instrument.Name] = value);
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "provider")
                {
                    measured[$"{instrument.Name} {tag.Value}"] = value;
                }
            }
        });
        listener.Start();
        return listener;
    }
}
