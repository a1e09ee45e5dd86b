using WaQup.Providers.Blobs;
using Xunit;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Blobs;

public sealed class LocalDirectoryBlobStoreTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("waqup-blobs-");
    private readonly LocalDirectoryBlobStore _store;

    public LocalDirectoryBlobStoreTests() =>
        _store = new LocalDirectoryBlobStore(new LocalDirectoryBlobStoreOptions { RootPath = Path.Join(_root.FullName, "store") });

    private static CancellationToken TestCancellation => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_blob_round_trips_with_its_length_content_type_and_a_seekable_stream()
    {
        var content = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();

        await _store.PutAsync("users/u1/rituals/r1.ogg", new MemoryStream(content), "audio/ogg", TestCancellation);
        await using var blob = await _store.OpenReadAsync("users/u1/rituals/r1.ogg", TestCancellation);

        Assert.NotNull(blob);
        Assert.Equal(content.Length, blob.Length);
        Assert.Equal("audio/ogg", blob.ContentType);
        Assert.True(blob.Content.CanSeek);
        blob.Content.Seek(50_000, SeekOrigin.Begin);
        var tail = new MemoryStream();
        await blob.Content.CopyToAsync(tail, TestCancellation);
        Assert.Equal(content[50_000..], tail.ToArray());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Writing_a_key_again_replaces_the_blob_and_its_content_type()
    {
        await _store.PutAsync("a/b.bin", new MemoryStream([1, 2, 3, 4]), "application/octet-stream", TestCancellation);
        await _store.PutAsync("a/b.bin", new MemoryStream([9, 9]), "audio/ogg", TestCancellation);
        await _store.PutAsync("a/b.bin", new MemoryStream([9, 9]), "audio/ogg", TestCancellation);

        await using var blob = await _store.OpenReadAsync("a/b.bin", TestCancellation);

        Assert.Equal(2, blob!.Length);
        Assert.Equal("audio/ogg", blob.ContentType);
        Assert.Equal(["b.bin"], Directory.GetFiles(Path.Join(_root.FullName, "store", "a")).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_write_that_fails_midway_leaves_the_previous_blob_intact()
    {
        await _store.PutAsync("r.ogg", new MemoryStream([1, 2, 3]), "audio/ogg", TestCancellation);

        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync("r.ogg", new FailingStream(), "audio/ogg", TestCancellation));

        await using var blob = await _store.OpenReadAsync("r.ogg", TestCancellation);
        Assert.Equal(3, blob!.Length);
        Assert.Single(Directory.GetFileSystemEntries(Path.Join(_root.FullName, "store")), p => p.EndsWith(".tmp", StringComparison.Ordinal) is false && Path.GetFileName(p) == "r.ogg");
        Assert.DoesNotContain(Directory.GetFiles(Path.Join(_root.FullName, "store")), p => p.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Missing_and_deleted_blobs_read_as_null()
    {
        Assert.Null(await _store.OpenReadAsync("never/written.ogg", TestCancellation));

        await _store.PutAsync("gone.ogg", new MemoryStream([1]), "audio/ogg", TestCancellation);
        await _store.DeleteAsync("gone.ogg", TestCancellation);
        await _store.DeleteAsync("gone.ogg", TestCancellation);

        Assert.Null(await _store.OpenReadAsync("gone.ogg", TestCancellation));
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("../outside.ogg")]
    [InlineData("a/../../outside.ogg")]
    [InlineData("a/../b.ogg")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\..\\b.ogg")]
    [InlineData("C:/x.ogg")]
    [InlineData("a//b.ogg")]
    [InlineData("./a.ogg")]
    [InlineData(".a.ogg.content-type")]
    [InlineData("")]
    public async Task Keys_that_could_escape_the_root_or_reach_its_own_files_are_refused(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _store.PutAsync(key, new MemoryStream([1]), "audio/ogg", TestCancellation));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _store.OpenReadAsync(key, TestCancellation));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => _store.DeleteAsync(key, TestCancellation));
        Assert.False(File.Exists(Path.Join(_root.FullName, "outside.ogg")));
    }

    public void Dispose() => _root.Delete(recursive: true);

    private sealed class FailingStream : MemoryStream
    {
        private int _reads;

        public FailingStream()
            : base(new byte[100_000])
        {
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ++_reads > 1 ? throw new IOException("The client went away.") : base.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
