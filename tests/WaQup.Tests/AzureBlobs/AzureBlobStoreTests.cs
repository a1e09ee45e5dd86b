using Azure.Storage.Blobs.Models;
using WaQup.Providers.Blobs.Azure;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.AzureBlobs;

public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static CancellationToken TestCancellation => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_blob_round_trips_with_its_length_content_type_and_bytes()
    {
        var store = azurite.CreateStore();
        var content = Bytes.Random(100_000, seed: 1);

        await store.PutAsync("users/u1/rituals/r1.ogg", new MemoryStream(content), "audio/ogg", TestCancellation);
        await using var blob = await store.OpenReadAsync("users/u1/rituals/r1.ogg", TestCancellation);

        Assert.NotNull(blob);
        Assert.Equal(content.Length, blob.Length);
        Assert.Equal(content.Length, blob.Content.Length);
        Assert.Equal("audio/ogg", blob.ContentType);
        Assert.Equal(content, await Bytes.ReadToEndAsync(blob.Content));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_blob_can_be_written_from_a_stream_that_cannot_seek()
    {
        var store = azurite.CreateStore();
        var content = Bytes.Random(300_000, seed: 2);

        await store.PutAsync("piped.ogg", new ForwardOnlyStream(content), "audio/ogg", TestCancellation);
        await using var blob = await store.OpenReadAsync("piped.ogg", TestCancellation);

        Assert.Equal(content, await Bytes.ReadToEndAsync(blob!.Content));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task An_empty_blob_reads_as_an_empty_stream()
    {
        var store = azurite.CreateStore();

        await store.PutAsync("silence.ogg", new MemoryStream(), "audio/ogg", TestCancellation);
        await using var blob = await store.OpenReadAsync("silence.ogg", TestCancellation);

        Assert.Equal(0, blob!.Length);
        Assert.Empty(await Bytes.ReadToEndAsync(blob.Content));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Writing_a_key_again_replaces_the_blob_and_its_content_type()
    {
        var container = AzuriteFixture.NewContainerName();
        var store = azurite.CreateStore(container);

        await store.PutAsync("a/b.ogg", new MemoryStream([1, 2, 3, 4]), "application/octet-stream", TestCancellation);
        await store.PutAsync("a/b.ogg", new MemoryStream([9, 9]), "audio/ogg", TestCancellation);
        await store.PutAsync("a/b.ogg", new MemoryStream([9, 9]), "audio/ogg", TestCancellation);

        await using var blob = await store.OpenReadAsync("a/b.ogg", TestCancellation);
        Assert.Equal(2, blob!.Length);
        Assert.Equal("audio/ogg", blob.ContentType);
        Assert.Equal([9, 9], await Bytes.ReadToEndAsync(blob.Content));
        var names = new List<string>();
        await foreach (var item in azurite.Service.GetBlobContainerClient(container).GetBlobsAsync(new GetBlobsOptions(), TestCancellation))
        {
            names.Add(item.Name);
        }

        Assert.Equal(["a/b.ogg"], names);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_first_writes_create_the_missing_container_even_when_they_race()
    {
        var container = AzuriteFixture.NewContainerName();
        var store = azurite.CreateStore(container);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.PutAsync($"race/{i}.ogg", new MemoryStream([(byte)i]), "audio/ogg", TestCancellation)));

        Assert.True((await azurite.Service.GetBlobContainerClient(container).ExistsAsync(TestCancellation)).Value);
        for (var i = 0; i < 8; i++)
        {
            await using var blob = await store.OpenReadAsync($"race/{i}.ogg", TestCancellation);
            Assert.Equal([(byte)i], await Bytes.ReadToEndAsync(blob!.Content));
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_missing_blob_reads_as_null_whether_or_not_its_container_exists()
    {
        var store = azurite.CreateStore();

        Assert.Null(await store.OpenReadAsync("never/written.ogg", TestCancellation));

        await store.PutAsync("other.ogg", new MemoryStream([1]), "audio/ogg", TestCancellation);
        Assert.Null(await store.OpenReadAsync("never/written.ogg", TestCancellation));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Deleting_is_idempotent_and_a_deleted_blob_reads_as_null()
    {
        var store = azurite.CreateStore();

        await store.DeleteAsync("before/any/container.ogg", TestCancellation);
        await store.PutAsync("gone.ogg", new MemoryStream([1]), "audio/ogg", TestCancellation);
        await store.PutAsync("kept.ogg", new MemoryStream([2]), "audio/ogg", TestCancellation);
        await store.DeleteAsync("gone.ogg", TestCancellation);
        await store.DeleteAsync("gone.ogg", TestCancellation);

        Assert.Null(await store.OpenReadAsync("gone.ogg", TestCancellation));
        Assert.NotNull(await store.OpenReadAsync("kept.ogg", TestCancellation));
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("")]
    [InlineData("../outside.ogg")]
    [InlineData("a/../../outside.ogg")]
    [InlineData("a/../b.ogg")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\..\\b.ogg")]
    [InlineData("C:/x.ogg")]
    [InlineData("a//b.ogg")]
    [InlineData("a/")]
    [InlineData(".hidden.ogg")]
    [InlineData("a/.b.ogg")]
    [InlineData("a/b\n.ogg")]
    public async Task Keys_that_are_not_plain_relative_paths_are_refused_before_touching_storage(string key)
    {
        var container = AzuriteFixture.NewContainerName();
        var store = azurite.CreateStore(container);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream([1]), "audio/ogg", TestCancellation));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.OpenReadAsync(key, TestCancellation));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.DeleteAsync(key, TestCancellation));

        Assert.False((await azurite.Service.GetBlobContainerClient(container).ExistsAsync(TestCancellation)).Value);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_key_longer_than_1024_characters_is_refused()
    {
        var store = azurite.CreateStore();

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.PutAsync(new string('k', 1025), new MemoryStream([1]), "audio/ogg", TestCancellation));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_content_type_with_control_characters_is_refused()
    {
        var store = azurite.CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.PutAsync("r.ogg", new MemoryStream([1]), "audio/ogg\r\nX-Injected: 1", TestCancellation));
    }

    [Fact]
    public void A_store_without_a_connection_string_is_refused_at_construction() =>
        Assert.Throws<ArgumentException>(() => new AzureBlobStore(new AzureBlobStoreOptions()));
}
