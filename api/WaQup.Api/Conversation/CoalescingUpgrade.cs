using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace WaQup.Api.Conversation;

/// <summary>
/// Puts a <see cref="CoalescingStream"/> under the conversation's WebSocket while keeping ASP.NET Core's own
/// handshake: the upgrade feature is wrapped before the WebSocket middleware captures it, and the stream it hands
/// out is left in the request's features for the bridge.
/// </summary>
public sealed class CoalescingUpgrade(IHttpUpgradeFeature inner, IFeatureCollection features) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync()
    {
        var stream = new CoalescingStream(await inner.UpgradeAsync());
        features.Set(stream);
        return stream;
    }

    /// <summary>Must come before <c>UseWebSockets</c>. Requests other than HTTP/1.1 upgrades (HTTP/2) are left alone.</summary>
    public static IApplicationBuilder UseCoalescingUpgrade(IApplicationBuilder app, PathString path) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.Equals(path) && context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
            {
                context.Features.Set<IHttpUpgradeFeature>(new CoalescingUpgrade(upgrade, context.Features));
            }

            return next(context);
        });
}
