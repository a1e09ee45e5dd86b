using System.Collections.Concurrent;
using Orleans.Storage;

namespace WaQup.Tests.Grains;

/// <summary>Grain storage that refuses the writes a test asks it to for one grain, and passes everything else to the real one.</summary>
public sealed class FaultyGrainStorage(IGrainStorage real) : IGrainStorage
{
    /// <summary>The name the real storage is registered under, so that this one can take the store's own name.</summary>
    public const string RealName = "waqup-real";

    private static readonly ConcurrentDictionary<GrainId, int> RefusedWrites = new();

    /// <summary>The next <paramref name="count"/> writes of <paramref name="grain"/>'s state fail without reaching storage.</summary>
    public static void RefuseWrites(GrainId grain, int count = 1) => RefusedWrites[grain] = count;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        real.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        while (RefusedWrites.TryGetValue(grainId, out var left) && left > 0)
        {
            if (RefusedWrites.TryUpdate(grainId, left - 1, left))
            {
                throw new IOException($"The test refused to store {grainId} ({left - 1} more refusals to come).");
            }
        }

        return real.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        real.ClearStateAsync(stateName, grainId, grainState);
}
