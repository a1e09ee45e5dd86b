using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Web;

/// <summary>
/// The api serves the built web app at <c>/</c>: hashed assets cached for a year, the page and the service worker
/// revalidated, the app's own paths answered with its page, the api's paths never; and <c>/config.json</c>.
/// </summary>
public sealed class WebAppHostingTests(WebAppHostingTests.Server fixture) : IClassFixture<WebAppHostingTests.Server>
{
    private const string Page = "<!doctype html><title>waQup</title><div id=root></div>";
    private const string Asset = "console.log('the app');";

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("/")]
    [InlineData("/talk")]
    [InlineData("/library")]
    [InlineData("/auth/callback?code=abc&state=xyz")]
    public async Task The_apps_page_answers_its_own_paths_and_is_revalidated_on_every_load(string path)
    {
        using var http = fixture.Value.HttpFor(null);

        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Page, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(response.Headers.CacheControl!.NoCache, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task A_hashed_asset_is_cached_for_a_year_and_revalidates_with_its_etag()
    {
        using var http = fixture.Value.HttpFor(null);
        var cancellationToken = TestContext.Current.CancellationToken;

        using var response = await http.GetAsync("/assets/index-4f2a9c1b.js", cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Asset, await response.Content.ReadAsStringAsync(cancellationToken));
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/assets/index-4f2a9c1b.js");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var notModified = await http.SendAsync(again, cancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("/sw.js", "text/javascript")]
    [InlineData("/manifest.webmanifest", "application/manifest+json")]
    public async Task The_service_worker_and_the_manifest_are_revalidated_with_their_own_types(string path, string type)
    {
        using var http = fixture.Value.HttpFor(null);

        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoCache, $"{path}: Cache-Control: {response.Headers.CacheControl}");
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("/v1/nothing-here")]
    [InlineData("/v1/rituals/x/y/z")]
    [InlineData("/assets/missing-1234.js")]
    [InlineData("/assets/folder")]
    [InlineData("/no-such-file.png")]
    [InlineData("/openapi/elsewhere")]
    public async Task A_path_of_the_api_or_a_missing_file_is_a_404_never_the_apps_page(string path)
    {
        using var http = fixture.Value.HttpFor(null);

        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("<div id=root>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("/..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/assets/..%2f..%2fsecret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    public async Task Nothing_outside_the_apps_folder_is_served(string path)
    {
        using var http = fixture.Value.HttpFor(null);

        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
        Assert.DoesNotContain("not for the web", body, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Another_method_on_an_app_path_is_not_the_page_and_the_apis_own_methods_are_unchanged()
    {
        using var http = fixture.Value.HttpFor("web-host-1");
        var cancellationToken = TestContext.Current.CancellationToken;

        using var posted = await http.PostAsync("/library", new StringContent("{}"), cancellationToken);
        Assert.NotEqual(HttpStatusCode.OK, posted.StatusCode);
        Assert.DoesNotContain("<div id=root>", await posted.Content.ReadAsStringAsync(cancellationToken), StringComparison.Ordinal);

        var me = await http.GetFromJsonAsync<JsonObject>("/v1/me", cancellationToken);
        Assert.Equal("web-host-1", (string?)me!["user_id"]);
        using var unauthorised = await fixture.Value.HttpFor(null).GetAsync("/v1/me", cancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorised.StatusCode);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_config_tells_the_app_that_dev_tokens_are_on_and_there_is_no_provider()
    {
        using var http = fixture.Value.HttpFor(null);

        using var response = await http.GetAsync("/config.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoStore);
        var config = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        Assert.True((bool)config["dev_tokens"]!);
        Assert.True(config.ContainsKey("oidc"));
        Assert.Null(config["oidc"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Without_a_built_app_the_root_is_a_404_and_the_config_is_still_there()
    {
        await using var server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?> { ["Web:Root"] = Path.Combine(Path.GetTempPath(), $"waqup-no-app-{Guid.NewGuid():N}") });
        using var http = server.HttpFor(null);
        var cancellationToken = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/", cancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/config.json", cancellationToken)).StatusCode);
    }

    /// <summary>A server whose <c>Web:Root</c> is a small built app (a page, a hashed asset, a service worker, a manifest).</summary>
    public sealed class Server : IAsyncLifetime
    {
        private WaQupServer? _server;

        public WaQupServer Value => _server ?? throw new InvalidOperationException("not started");

        public async ValueTask InitializeAsync()
        {
            var parent = Directory.CreateTempSubdirectory("waqup-web-").FullName;
            var root = Directory.CreateDirectory(Path.Combine(parent, "dist")).FullName;
            await File.WriteAllTextAsync(Path.Combine(parent, "secret.txt"), "not for the web");
            await File.WriteAllTextAsync(Path.Combine(root, "index.html"), Page);
            Directory.CreateDirectory(Path.Combine(root, "assets", "folder"));
            await File.WriteAllTextAsync(Path.Combine(root, "assets", "index-4f2a9c1b.js"), Asset);
            await File.WriteAllTextAsync(Path.Combine(root, "sw.js"), "self.addEventListener('fetch', () => {});");
            await File.WriteAllTextAsync(Path.Combine(root, "manifest.webmanifest"), "{\"name\": \"waQup\"}");
            _server = await WaQupServer.StartAsync(settings: new Dictionary<string, string?> { ["Web:Root"] = root });
        }

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
