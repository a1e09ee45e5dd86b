namespace WaQup.Tests.CloudSpeech;

/// <summary>Reads speech the way the session does, keeping every chunk so tests can look at boundaries as well as bytes.</summary>
internal static class Listener
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static CancellationToken TestCancellation => TestContext.Current.CancellationToken;

    public static async Task<List<byte[]>> ChunksAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> speech)
    {
        var chunks = new List<byte[]>();
        await foreach (var chunk in speech.WithCancellation(TestCancellation))
        {
            chunks.Add(chunk.ToArray());
        }

        return chunks;
    }

    public static async Task<byte[]> AllAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> speech) =>
        [.. (await ChunksAsync(speech)).SelectMany(chunk => chunk)];

    public static async Task<bool> NextAsync(IAsyncEnumerator<ReadOnlyMemory<byte>> chunks) =>
        await chunks.MoveNextAsync().AsTask().WaitAsync(Patience, TestCancellation);

    /// <summary>Reads until at least <paramref name="bytes"/> have been heard, however the wire cut them into chunks.</summary>
    public static async Task<List<byte>> HearAsync(IAsyncEnumerator<ReadOnlyMemory<byte>> chunks, int bytes)
    {
        var heard = new List<byte>();
        while (heard.Count < bytes)
        {
            Assert.True(await NextAsync(chunks), $"The speech ended after {heard.Count} of {bytes} bytes.");
            heard.AddRange(chunks.Current.ToArray());
        }

        return heard;
    }

    public static TaskCompletionSource Gate() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
