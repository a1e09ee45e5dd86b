using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.AzureBlobs;

/// <summary>A pass-through HTTP proxy in front of Azurite that records every request, to see what a read really asked for.</summary>
/// <remarks>Only for reads: <see cref="LoopbackServer"/> records request bodies as text, which would mangle uploads.</remarks>
internal static class AzuriteProxy
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding",
    };

    private static readonly HttpClient Forwarder = new();

    public static async Task<LoopbackServer> StartAsync(Uri blobEndpoint)
    {
        var origin = blobEndpoint.GetLeftPart(UriPartial.Authority);
        return await LoopbackServer.StartAsync(async (context, _) =>
        {
            // The raw target, byte for byte: the shared-key signature covers the path and query.
            var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), origin + target);
            foreach (var header in context.Request.Headers.Where(h => !HopByHop.Contains(h.Key)))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }

            using var response = await Forwarder.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
    }

    /// <summary>The byte ranges of the downloads (GETs) made for one blob, in order.</summary>
    public static IReadOnlyList<(long From, long To)> DownloadsOf(LoopbackServer proxy, string key) =>
        proxy.Requests
            .Where(r => r.Method == "GET" && r.PathAndQuery.Split('?')[0].EndsWith("/" + key, StringComparison.Ordinal))
            .Select(r => ParseRange(r.Headers.TryGetValue("x-ms-range", out var range) ? range : r.Headers["Range"]))
            .ToList();

    private static (long From, long To) ParseRange(string header)
    {
        var bounds = header["bytes=".Length..].Split('-');
        return (long.Parse(bounds[0]), long.Parse(bounds[1]));
    }
}
