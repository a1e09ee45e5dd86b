namespace WaQup.Grains.Persistence;

/// <summary>A grain's state write that never leaves memory and storage disagreeing when it fails.</summary>
public static class StateWrites
{
    /// <summary>
    /// Writes the state; when that fails, puts back what storage holds and rethrows, so the caller sees the error and
    /// the grain goes on from the stored state. A failed write may still have reached storage (its answer was lost):
    /// reading it back covers that case too.
    /// </summary>
    public static async Task WriteOrReloadAsync<TState>(this IPersistentState<TState> store, IGrainBase grain)
    {
        try
        {
            await store.WriteStateAsync();
        }
        catch (Exception)
        {
            try
            {
                await store.ReadStateAsync();
            }
            catch (Exception)
            {
                // Storage cannot be read either: this activation's memory cannot be trusted, so the next call starts a
                // new one, which reads the state afresh.
                grain.DeactivateOnIdle();
            }

            throw;
        }
    }
}
