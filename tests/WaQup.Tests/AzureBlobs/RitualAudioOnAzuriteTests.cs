using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.AzureBlobs;

/// <summary>The whole system with <c>Blobs:Provider=azure</c>: a ritual's audio goes to Azurite and is served with Range.</summary>
public sealed class RitualAudioOnAzuriteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_ritual_saved_to_azure_blob_storage_plays_with_range_requests()
    {
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Blobs:Provider"] = "azure",
            ["Blobs:Azure:ConnectionString"] = azurite.ConnectionString,
            ["Blobs:Azure:ContainerName"] = AzuriteFixture.NewContainerName(),
        });
        var user = Users.New();
        await using (var client = await server.ConnectAsync(user))
        {
            await Talk.StartAsync(client);
            await Talk.RequestAsync(client, "affirmation", "a steady heart", 1);
            await client.WaitForAsync("ritual.created", TimeSpan.FromSeconds(60));
        }

        var ritualId = (string)(await server.GetJsonAsync<JsonArray>(user, "/v1/library"))[0]!["ritual_id"]!;
        using var http = server.HttpFor(user);
        var audio = await http.GetByteArrayAsync($"/v1/rituals/{ritualId}/audio");
        Assert.Equal("OggS"u8.ToArray(), audio[..4]);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/rituals/{ritualId}/audio");
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var partial = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(audio[1000..2000], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal("audio/ogg", partial.Content.Headers.ContentType!.MediaType);
    }
}
