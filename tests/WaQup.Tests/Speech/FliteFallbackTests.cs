using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Voice;
using WaQup.Providers.Speech;
using WaQup.Providers.Speech.Embedded;
using WaQup.Silo.Hosting;
using WaQup.Tests.Audio;
using WaQup.Tests.Infrastructure;
using WaQup.Tests.Recognition;

namespace WaQup.Tests.Speech;

/// <summary>flite is the default voice without an API key, and espeak-ng speaks what flite cannot.</summary>
public sealed class FliteFallbackTests
{
    private const string Sentence = "Let your shoulders soften as you breathe out.";

    private static readonly FliteOptions Missing = new() { LibraryDirectory = "/nonexistent/flite" };

    private static CancellationToken TestCancellation => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task What_flite_cannot_speak_espeak_speaks_and_the_warning_is_given_once()
    {
        RequireEspeak();
        var logger = new ListLogger<FallbackSpeechSynthesizer>();
        var espeak = new EspeakSpeechSynthesizer();
        var speech = new FallbackSpeechSynthesizer(new FliteSpeechSynthesizer(Missing), espeak, "flite", "espeak-ng", logger);

        var first = await FliteSpeechSynthesizerTests.SpeakAsync(speech, Sentence, "default");
        var second = await FliteSpeechSynthesizerTests.SpeakAsync(speech, "And once more.", "default");

        Assert.Equal(await FliteSpeechSynthesizerTests.SpeakAsync(espeak, Sentence, "default"), first);
        Assert.NotEmpty(second);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("flite is not installed", warning.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("slt", "female")]
    [InlineData("rms", "male")]
    [InlineData("awb", "en-gb-scotland")]
    public async Task A_flite_voice_falls_back_to_espeaks_voice_of_the_same_kind(string fliteVoice, string espeakVoice)
    {
        RequireEspeak();
        var espeak = new EspeakSpeechSynthesizer();
        var speech = new FallbackSpeechSynthesizer(
            new FliteSpeechSynthesizer(Missing), espeak, "flite", "espeak-ng", new ListLogger<FallbackSpeechSynthesizer>(), FallbackSpeechSynthesizer.EspeakVoiceFor);

        var spoken = await FliteSpeechSynthesizerTests.SpeakAsync(speech, Sentence, fliteVoice);

        Assert.Equal(await FliteSpeechSynthesizerTests.SpeakAsync(espeak, Sentence, espeakVoice), spoken);
        Assert.NotEqual(await FliteSpeechSynthesizerTests.SpeakAsync(espeak, Sentence, "default"), spoken);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task What_flite_can_speak_it_speaks_itself()
    {
        var logger = new ListLogger<FallbackSpeechSynthesizer>();
        var flite = new FliteSpeechSynthesizer();
        var speech = new FallbackSpeechSynthesizer(flite, new EspeakSpeechSynthesizer(), "flite", "espeak-ng", logger);

        Assert.Equal(await FliteSpeechSynthesizerTests.SpeakAsync(flite, Sentence, "male"), await FliteSpeechSynthesizerTests.SpeakAsync(speech, Sentence, "male"));
        Assert.Empty(await FliteSpeechSynthesizerTests.SpeakAsync(speech, "  ", "male"));
        Assert.Empty(logger.Entries);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Without_an_api_key_the_silo_speaks_with_flite_and_lists_its_three_voices()
    {
        using var app = Providers();
        var speech = app.Services.GetRequiredService<ISpeechSynthesizer>();

        Assert.Equal(
            await FliteSpeechSynthesizerTests.SpeakAsync(new FliteSpeechSynthesizer(), Sentence, "awb"),
            await FliteSpeechSynthesizerTests.SpeakAsync(speech, Sentence, "awb"));
        var voices = await app.Services.GetRequiredService<IVoiceCatalog>().ListAsync(TestCancellation);
        Assert.Equal(["slt", "rms", "awb"], voices.Select(v => v.Id));
        Assert.Equal("slt", Assert.Single(voices, v => v.Default).Id);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_silo_whose_flite_does_not_load_speaks_with_espeak_and_lists_its_voices()
    {
        RequireEspeak();
        using var app = Providers(("Flite:LibraryDirectory", Missing.LibraryDirectory));
        var speech = app.Services.GetRequiredService<ISpeechSynthesizer>();

        Assert.Equal(
            await FliteSpeechSynthesizerTests.SpeakAsync(new EspeakSpeechSynthesizer(), Sentence, "default"),
            await FliteSpeechSynthesizerTests.SpeakAsync(speech, Sentence, "default"));
        var voices = await app.Services.GetRequiredService<IVoiceCatalog>().ListAsync(TestCancellation);
        Assert.Equal(["default", "female", "male"], voices.Select(v => v.Id));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Espeak_is_still_chosen_by_name()
    {
        RequireEspeak();
        using var app = Providers(("Speech:Provider", "espeak"));

        Assert.Equal(
            await FliteSpeechSynthesizerTests.SpeakAsync(new EspeakSpeechSynthesizer(), Sentence, "male"),
            await FliteSpeechSynthesizerTests.SpeakAsync(app.Services.GetRequiredService<ISpeechSynthesizer>(), Sentence, "male"));
    }

    private static WebApplication Providers(params (string Key, string? Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(
            settings.Select(s => KeyValuePair.Create(s.Key, s.Value))
                // Whatever this machine's environment holds, no key: the embedded providers.
                .Append(KeyValuePair.Create("ELEVENLABS_API_KEY", (string?)""))
                .Append(KeyValuePair.Create("OPENAI_API_KEY", (string?)""))
                .Append(KeyValuePair.Create("Blobs:Root", (string?)Directory.CreateTempSubdirectory("waqup-blobs-").FullName)));
        builder.AddWaQupProviders();
        return builder.Build();
    }

    private static void RequireEspeak() =>
        Assert.SkipWhen(ExternalTool.Find("espeak-ng") is null, "espeak-ng is not installed.");
}
