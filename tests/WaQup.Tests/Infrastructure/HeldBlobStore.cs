using System.Collections.Concurrent;
using WaQup.Providers.Blobs;

namespace WaQup.Tests.Infrastructure;

/// <summary>
/// A blob store that holds every write until the test lets it go, so a test can act at the moment a ritual is being
/// saved. Found by name, because the silo that uses it is built from configuration.
/// </summary>
public sealed class HeldBlobStore(IBlobStore inner) : IBlobStore
{
    private static readonly ConcurrentDictionary<string, HeldBlobStore> Stores = new();
    private TaskCompletionSource _released = NewGate();
    private int _waiting;

    /// <summary>Writes that have arrived and are being held.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public static HeldBlobStore Register(string name, IBlobStore inner) => Stores.GetOrAdd(name, _ => new HeldBlobStore(inner));

    public static HeldBlobStore Named(string name) => Stores[name];

    /// <summary>Lets the writes held now go through; later ones are held again.</summary>
    public void Release() => Interlocked.Exchange(ref _released, NewGate()).TrySetResult();

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await Volatile.Read(ref _released).Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        await inner.PutAsync(key, content, contentType, cancellationToken);
    }

    public Task<BlobReader?> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    private static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
