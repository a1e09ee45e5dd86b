using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using WaQup.Api.Auth;
using WaQup.Api.Rest;

namespace WaQup.Api.Web;

/// <summary>
/// Serves the web app at <c>/</c>: its hashed assets cached for a year, everything else (the page, the service worker,
/// the manifest, the icons) revalidated on every load, and any page path the app routes itself answered with its
/// <c>index.html</c>. <c>/config.json</c> tells the app how people sign in.
/// </summary>
public static class WebAppEndpoints
{
    public const string ConfigPath = "/config.json";

    private const string Immutable = "public, max-age=31536000, immutable";
    private const string Revalidate = "no-cache";

    /// <summary>Paths that belong to the api, never to the app: an unknown one is a 404, not the app's page.</summary>
    private static readonly string[] ApiPrefixes = ["/v1", "/healthz", "/readyz", "/openapi", "/metrics", "/assets"];

    public static WebApplication MapWebApp(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        app.MapGet(ConfigPath, (HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-store";
            return Results.Json(Config(auth));
        }).AllowAnonymous().ExcludeFromDescription();

        var root = FindRoot(app.Services.GetRequiredService<IOptions<WebAppOptions>>().Value, app.Environment);
        if (root is null)
        {
            return app;
        }

        var files = new PhysicalFileProvider(root);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".webmanifest"] = "application/manifest+json";
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets") ? Immutable : Revalidate;
                headers.XContentTypeOptions = "nosniff";
            },
        });

        var index = files.GetFileInfo("index.html");
        // Only paths without a file extension, and only GET: the static files above serve files (an endpoint here would
        // take their requests from them), and another method on an api path keeps its 405.
        app.MapFallback("{*path:nonfile}", async context =>
        {
            var path = context.Request.Path;
            if (ApiPrefixes.Any(prefix => path.StartsWithSegments(prefix)))
            {
                await Problems.WriteAsync(context.Response, StatusCodes.Status404NotFound, "Not found", $"Nothing is at {path}.");
                return;
            }

            // A path the app routes itself (/talk, /library, /auth/callback): its page, which reads the path.
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = Revalidate;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await context.Response.SendFileAsync(index, context.RequestAborted);
        }).WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head])).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>What the app needs to know before anyone signs in; nothing secret.</summary>
    internal static object Config(AuthOptions auth) => new Dictionary<string, object?>
    {
        ["dev_tokens"] = auth.DevTokens,
        ["oidc"] = auth.Oidc.Enabled
            ? new Dictionary<string, string?> { ["authority"] = auth.Oidc.Authority, ["client_id"] = auth.Oidc.ClientId, ["scope"] = auth.Oidc.Scope }
            : null,
    };

    private static string? FindRoot(WebAppOptions options, IWebHostEnvironment environment)
    {
        var root = string.IsNullOrWhiteSpace(options.Root) ? Path.Combine(environment.ContentRootPath, "wwwroot") : Path.GetFullPath(options.Root);
        return File.Exists(Path.Combine(root, "index.html")) ? root : null;
    }
}
