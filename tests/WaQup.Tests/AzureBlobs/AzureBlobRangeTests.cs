using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using WaQup.Providers.Blobs;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.AzureBlobs;

public sealed class AzureBlobRangeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int FiveMegabytes = 5 * 1024 * 1024;

    private static CancellationToken TestCancellation => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_stream_seeks_anywhere_and_a_middle_range_reads_exactly_those_bytes()
    {
        var store = azurite.CreateStore();
        var content = Bytes.Random(200_000, seed: 3);
        await store.PutAsync("r.ogg", new MemoryStream(content), "audio/ogg", TestCancellation);

        await using var blob = await store.OpenReadAsync("r.ogg", TestCancellation);
        var stream = blob!.Content;

        Assert.True(stream.CanSeek);
        Assert.Equal(200_000, stream.Length);
        Assert.Equal(content[70_000..71_000], await ReadAtAsync(stream, 70_000, 1_000));
        Assert.Equal(content[..16], await ReadAtAsync(stream, 0, 16));
        Assert.Equal(content[69_990..70_010], await ReadAtAsync(stream, 69_990, 20));
        stream.Seek(-10, SeekOrigin.End);
        Assert.Equal(content[^10..], await Bytes.ReadToEndAsync(stream));
        Assert.Equal(0, await stream.ReadAsync(new byte[1], TestCancellation));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_http_range_request_served_with_Results_Stream_gets_206_and_exactly_that_range()
    {
        var store = azurite.CreateStore();
        var content = Bytes.Random(300_000, seed: 4);
        await store.PutAsync("users/u1/r.ogg", new MemoryStream(content), "audio/ogg", TestCancellation);
        await using var api = await ServeAsync(store, "users/u1/r.ogg");
        using var http = new HttpClient { BaseAddress = api.BaseUri };

        using var middle = await GetAsync(http, new RangeHeaderValue(100_000, 100_999));
        Assert.Equal(HttpStatusCode.PartialContent, middle.StatusCode);
        Assert.Equal("bytes 100000-100999/300000", middle.Content.Headers.ContentRange!.ToString());
        Assert.Equal(1_000, middle.Content.Headers.ContentLength);
        Assert.Equal("audio/ogg", middle.Content.Headers.ContentType!.MediaType);
        Assert.Equal(content[100_000..101_000], await middle.Content.ReadAsByteArrayAsync(TestCancellation));

        // An open-ended range outlasts the first download, so the stream has to carry on across downloads.
        using var tail = await GetAsync(http, new RangeHeaderValue(1_000, null));
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal("bytes 1000-299999/300000", tail.Content.Headers.ContentRange!.ToString());
        Assert.Equal(content[1_000..], await tail.Content.ReadAsByteArrayAsync(TestCancellation));

        using var whole = await GetAsync(http, range: null);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(["bytes"], whole.Headers.AcceptRanges);
        Assert.Equal(content, await whole.Content.ReadAsByteArrayAsync(TestCancellation));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_large_blob_read_from_start_to_end_takes_a_few_downloads_that_fetch_each_byte_once()
    {
        var container = AzuriteFixture.NewContainerName();
        var content = Bytes.Random(FiveMegabytes, seed: 5);
        await azurite.CreateStore(container).PutAsync("large.ogg", new MemoryStream(content), "audio/ogg", TestCancellation);
        await using var proxy = await AzuriteProxy.StartAsync(azurite.BlobEndpoint);
        var viaProxy = azurite.CreateStore(container, AzuriteFixture.ConnectionStringFor(new Uri(proxy.BaseUri, "devstoreaccount1")));

        await using (var blob = await viaProxy.OpenReadAsync("large.ogg", TestCancellation))
        {
            var copy = new MemoryStream();
            // 64 KB is the buffer ASP.NET Core copies a file result with: one download per read would be 80 requests.
            await blob!.Content.CopyToAsync(copy, 64 * 1024, TestCancellation);
            Assert.Equal(content, copy.ToArray());
        }

        var downloads = AzuriteProxy.DownloadsOf(proxy, "large.ogg");
        Assert.InRange(downloads.Count, 2, 8);
        Assert.Equal(0, downloads[0].From);
        Assert.All(downloads.Zip(downloads.Skip(1)), pair => Assert.Equal(pair.First.To + 1, pair.Second.From));
        Assert.Equal(FiveMegabytes - 1, downloads[^1].To);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Small_ranges_of_a_large_blob_each_fetch_one_small_download()
    {
        var container = AzuriteFixture.NewContainerName();
        var content = Bytes.Random(FiveMegabytes, seed: 6);
        await azurite.CreateStore(container).PutAsync("large.ogg", new MemoryStream(content), "audio/ogg", TestCancellation);
        await using var proxy = await AzuriteProxy.StartAsync(azurite.BlobEndpoint);
        var viaProxy = azurite.CreateStore(container, AzuriteFixture.ConnectionStringFor(new Uri(proxy.BaseUri, "devstoreaccount1")));
        long[] offsets = [4_500_000, 100, 3_000_000, 2_097_169];

        await using (var blob = await viaProxy.OpenReadAsync("large.ogg", TestCancellation))
        {
            foreach (var offset in offsets)
            {
                Assert.Equal(content[(int)offset..((int)offset + 1_000)], await ReadAtAsync(blob!.Content, offset, 1_000));
            }
        }

        var downloads = AzuriteProxy.DownloadsOf(proxy, "large.ogg");
        Assert.Equal(offsets, downloads.Select(d => d.From));
        Assert.All(downloads, d => Assert.InRange(d.To - d.From + 1, 1_000, 64 * 1024));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_blob_replaced_while_it_is_being_read_fails_the_read_instead_of_mixing_versions()
    {
        var store = azurite.CreateStore();
        await store.PutAsync("r.ogg", new MemoryStream(Bytes.Random(200_000, seed: 7)), "audio/ogg", TestCancellation);
        await using var blob = await store.OpenReadAsync("r.ogg", TestCancellation);
        await ReadAtAsync(blob!.Content, 0, 10);

        await store.PutAsync("r.ogg", new MemoryStream(Bytes.Random(200_000, seed: 8)), "audio/ogg", TestCancellation);

        await Assert.ThrowsAsync<IOException>(() => ReadAtAsync(blob.Content, 150_000, 10));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_blob_deleted_while_it_is_being_read_fails_the_read()
    {
        var store = azurite.CreateStore();
        await store.PutAsync("r.ogg", new MemoryStream(Bytes.Random(200_000, seed: 9)), "audio/ogg", TestCancellation);
        await using var blob = await store.OpenReadAsync("r.ogg", TestCancellation);

        await store.DeleteAsync("r.ogg", TestCancellation);

        await Assert.ThrowsAsync<IOException>(() => ReadAtAsync(blob!.Content, 150_000, 10));
    }

    private static async Task<byte[]> ReadAtAsync(Stream stream, long offset, int count)
    {
        stream.Position = offset;
        var bytes = new byte[count];
        await stream.ReadExactlyAsync(bytes, TestCancellation);
        return bytes;
    }

    /// <summary>The api's way of serving a blob: a minimal endpoint answering with Results.Stream and range processing.</summary>
    private static Task<LoopbackServer> ServeAsync(IBlobStore store, string key) =>
        LoopbackServer.StartAsync(async (context, _) =>
        {
            var blob = await store.OpenReadAsync(key, context.RequestAborted);
            var result = blob is null
                ? Results.NotFound()
                : Results.Stream(blob.Content, blob.ContentType, enableRangeProcessing: true);
            await result.ExecuteAsync(context);
        });

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, RangeHeaderValue? range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Range = range;
        return await http.SendAsync(request, TestCancellation);
    }
}
