using WaQup.Abstractions.Rest;

namespace WaQup.Abstractions.Voice;

/// <summary>The voices the host's speech provider can speak with, the default first; the host registers it with the provider.</summary>
public interface IVoiceCatalog
{
    Task<IReadOnlyList<VoiceInfo>> ListAsync(CancellationToken cancellationToken);
}
