using WaQup.Abstractions.Rest;
using WaQup.Abstractions.Voice;

namespace WaQup.Providers.Speech.Embedded;

/// <summary>flite's voices whose libraries load on this node; where flite does not load, the fallback's voices.</summary>
public sealed class FliteVoiceCatalog(FliteSpeechSynthesizer flite, FliteOptions options, IVoiceCatalog fallback) : IVoiceCatalog
{
    public async Task<IReadOnlyList<VoiceInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var voices = await flite.AvailableVoicesAsync(cancellationToken).ConfigureAwait(false);
        if (voices.Count == 0)
        {
            return await fallback.ListAsync(cancellationToken).ConfigureAwait(false);
        }

        return [.. voices.Select(v => new VoiceInfo(v.Id, v.Name, v.Description, v.Id == options.DefaultVoice))];
    }
}
