namespace WaQup.Tests.AzureBlobs;

/// <summary>Test content that makes a misplaced byte visible, and reading it back.</summary>
internal static class Bytes
{
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, TestContext.Current.CancellationToken);
        return copy.ToArray();
    }
}
