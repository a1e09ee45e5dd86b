using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using WaQup.Abstractions.Grains;
using WaQup.Api.Auth;
using WaQup.Api.Conversation.Voice;
using WaQup.Api.Rest;

namespace WaQup.Api.Conversation;

/// <summary><c>GET /v1/conversation</c>: authenticates, upgrades, and hands the socket to a bridge.</summary>
public static class ConversationEndpoint
{
    public const string Path = "/v1/conversation";

    public static void MapConversation(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, async (HttpContext context, IGrainFactory grains, IOptions<SocketOptions> options, ILoggerFactory loggers,
            DrainState drain, ConnectionRegistry connections, UserSockets userSockets, TimeProvider clock, VoiceInputSetup voice) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                return Problems.Result(StatusCodes.Status400BadRequest, "WebSocket expected", "Open this endpoint with a WebSocket upgrade.");
            }

            if (drain.Draining)
            {
                context.Response.Headers.RetryAfter = "1";
                return Problems.Result(StatusCodes.Status503ServiceUnavailable, "Draining", "This node is shutting down: connect to another one.");
            }

            var userId = UserIds.Of(context.User);
            if (UserIds.NameClaim(context.User) is { } name)
            {
                // A new person's first name comes from their token, in time for the greeting.
                await grains.GetGrain<IUserGrain>(userId).IntroduceAsync(name);
            }

            if (!userSockets.TryOpen(userId))
            {
                context.Response.Headers.RetryAfter = "5";
                return Problems.Result(StatusCodes.Status429TooManyRequests, "Too many conversations",
                    $"You have {options.Value.MaxPerUser} conversations open on this server already: close one first.");
            }

            try
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.FromSeconds(20) });
                ForgetCredentials(context);
                var bridge = new ConversationBridge(socket, userId, grains, options.Value, loggers.CreateLogger<ConversationBridge>())
                {
                    Batching = context.Features.Get<CoalescingStream>(),
                    Clock = clock,
                    Voice = voice,
                };
                var running = bridge.RunAsync(context.RequestAborted);
                connections.Add(bridge, running);
                try
                {
                    await running;
                }
                finally
                {
                    connections.Remove(bridge);
                }
            }
            finally
            {
                userSockets.Close(userId);
            }

            return Results.Empty;
        }).RequireAuthorization().ExcludeFromDescription();
    }

    /// <summary>
    /// A conversation's request lives as long as its socket, for hours if need be, and ten thousand of them share a
    /// process: once the user is known, the token, its claims and the authentication result are let go.
    /// </summary>
    private static void ForgetCredentials(HttpContext context)
    {
        context.User = new ClaimsPrincipal();
        context.Features.Set<IAuthenticateResultFeature>(null);
        context.Request.Headers.Authorization = StringValues.Empty;
    }
}
