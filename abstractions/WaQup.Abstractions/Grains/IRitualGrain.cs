namespace WaQup.Abstractions.Grains;

/// <summary>One saved ritual: script, voice, audio, owner, visibility.</summary>
public interface IRitualGrain : IGrainWithStringKey
{
    /// <summary>Saves the ritual; saving the same id again returns what was saved first.</summary>
    Task<RitualDetails> CreateAsync(RitualDetails ritual);

    Task<RitualLookup> GetAsync(string callerId);

    Task<RitualAccess> DeleteAsync(string callerId);
}
