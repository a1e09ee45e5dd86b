namespace WaQup.Abstractions.Grains;

/// <summary>One saved ritual: script, voice, audio, owner, visibility.</summary>
public interface IRitualGrain : IGrainWithStringKey
{
    /// <summary>Saves and lists the ritual; saving the same id again returns what was saved first, and lists it if it is not.</summary>
    Task<RitualDetails> CreateAsync(RitualDetails ritual);

    Task<RitualLookup> GetAsync(string callerId);

    Task<RitualAccess> DeleteAsync(string callerId);
}
