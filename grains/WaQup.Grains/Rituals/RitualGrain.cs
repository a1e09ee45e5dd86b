using WaQup.Abstractions.Grains;
using WaQup.Grains.Persistence;
using WaQup.Providers.Blobs;

namespace WaQup.Grains.Rituals;

/// <summary>
/// One saved ritual. Its owner may read and delete it; others may read it when it is public, or through a pack: one
/// they own, or a free one that is published.
/// </summary>
public sealed class RitualGrain(
    [PersistentState("ritual", "waqup")] IPersistentState<RitualState> store,
    IRitualCatalog catalog,
    IBlobStore blobs) : Grain, IRitualGrain
{
    public async Task<RitualDetails> CreateAsync(RitualDetails ritual)
    {
        if (store.State.Ritual is { } existing)
        {
            // A retry: the call before may have saved the ritual and then failed to list it, and nothing else would
            // repair that (the owner could open the ritual but never see it in the library). The upsert is idempotent.
            await catalog.UpsertAsync(existing, CancellationToken.None);
            return existing;
        }

        if (store.State.Deleted)
        {
            throw new InvalidOperationException($"Ritual {ritual.RitualId} was deleted and cannot be created again.");
        }

        store.State.Ritual = ritual;
        await store.WriteOrReloadAsync(this);
        await catalog.UpsertAsync(ritual, CancellationToken.None);
        return ritual;
    }

    public async Task<RitualLookup> GetAsync(string callerId)
    {
        var access = AccessFor(callerId, ownerOnly: false);
        if (access == RitualAccess.Forbidden && await catalog.PlayableThroughPackAsync(this.GetPrimaryKeyString(), callerId, CancellationToken.None))
        {
            access = RitualAccess.Allowed;
        }

        return new RitualLookup(access, access == RitualAccess.Allowed ? store.State.Ritual : null);
    }

    public async Task<RitualAccess> DeleteAsync(string callerId)
    {
        if (store.State.Removing is { } removing && removing.OwnerId == callerId)
        {
            // A retry: the delete before failed to remove the listing or the audio, and would otherwise leave a ritual
            // in the library that can no longer be opened.
            await RemoveTracesAsync(removing);
            return RitualAccess.Allowed;
        }

        var access = AccessFor(callerId, ownerOnly: true);
        if (access != RitualAccess.Allowed)
        {
            return access;
        }

        var ritual = store.State.Ritual!;
        store.State.Ritual = null;
        store.State.Deleted = true;
        store.State.Removing = ritual;
        await store.WriteOrReloadAsync(this);
        await RemoveTracesAsync(ritual);
        return RitualAccess.Allowed;
    }

    /// <summary>Removes a deleted ritual's catalog row and audio (both idempotent), then forgets it.</summary>
    private async Task RemoveTracesAsync(RitualDetails ritual)
    {
        await catalog.DeleteAsync(ritual.RitualId, CancellationToken.None);
        await blobs.DeleteAsync(ritual.AudioBlobKey, CancellationToken.None);
        store.State.Removing = null;
        await store.WriteOrReloadAsync(this);
    }

    private RitualAccess AccessFor(string callerId, bool ownerOnly)
    {
        if (store.State.Ritual is not { } ritual)
        {
            return RitualAccess.NotFound;
        }

        if (ritual.OwnerId == callerId || (!ownerOnly && ritual.IsPublic))
        {
            return RitualAccess.Allowed;
        }

        return RitualAccess.Forbidden;
    }
}
