using WaQup.Abstractions.Rest;
using WaQup.Abstractions.Voice;

namespace WaQup.Providers.Speech;

/// <summary>The voices of a provider that knows "default", "female" and "male" (espeak-ng, ElevenLabs, OpenAI speech).</summary>
public sealed class PreferenceVoiceCatalog(string provider) : IVoiceCatalog
{
    private readonly IReadOnlyList<VoiceInfo> _voices =
    [
        new("default", "Default", $"{provider}'s default voice", true),
        new("female", "Female", $"{provider}'s female voice", false),
        new("male", "Male", $"{provider}'s male voice", false),
    ];

    public Task<IReadOnlyList<VoiceInfo>> ListAsync(CancellationToken cancellationToken) => Task.FromResult(_voices);
}
