using System.Security.Claims;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using WaQup.Abstractions.Voice;
using WaQup.Api.Auth;
using WaQup.Api.Conversation;
using WaQup.Api.Conversation.Voice;
using WaQup.Api.Health;
using WaQup.Api.Rest;
using WaQup.Api.Web;

namespace WaQup.Api;

/// <summary>Registers and maps the thin front end: auth, limits, REST, the conversation socket.</summary>
public static class WaQupApi
{
    public static WebApplicationBuilder AddWaQupApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<AuthOptions>(builder.Configuration.GetSection("Auth"));
        services.Configure<WebAppOptions>(builder.Configuration.GetSection("Web"));
        services.Configure<SocketOptions>(builder.Configuration.GetSection("Socket"));
        var activity = builder.Configuration.GetSection("Voice:Activity").Get<VoiceActivityOptions>() ?? new VoiceActivityOptions();
        // The recogniser is the host's choice (the api carries no provider): whatever it registers as ISpeechRecognizer.
        services.AddSingleton(sp => new VoiceInputSetup(sp.GetRequiredService<ISpeechRecognizer>(), activity));
        services.Configure<ShutdownOptions>(builder.Configuration.GetSection("Shutdown"));
        services.AddSingleton<DrainState>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<UserSockets>();
        services.AddHostedService<DrainService>();
        // The host gives the drain its time and then some, for Orleans and the web server to stop.
        services.AddOptions<Microsoft.Extensions.Hosting.HostOptions>()
            .Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.DrainTimeout + ShutdownOptions.AfterDrain);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<TokenIssuer>();
        services.AddProblemDetails();
        // Numbers are numbers on this wire, and the bodies' readers refuse "12" for 12: the web defaults would read
        // numbers from strings, and the OpenAPI document would then describe every integer as "integer or string".
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.AddOpenApi();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => ConfigureJwt(jwt, auth.Value));
        services.AddAuthorization();

        var requestsPerMinute = builder.Configuration.GetValue("RateLimits:RequestsPerMinute", 600);
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(
                    context.User.FindFirst("sub")?.Value ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = requestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return new ValueTask(Problems.WriteAsync(context.HttpContext.Response, StatusCodes.Status429TooManyRequests, "Too many requests", "Slow down and retry shortly."));
            };
        });
        return builder;
    }

    public static WebApplication MapWaQupApi(this WebApplication app)
    {
        app.UseStatusCodePages();
        CoalescingUpgrade.UseCoalescingUpgrade(app, ConversationEndpoint.Path);
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapHealth();
        app.MapOpenApi("/openapi/v1.json");
        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.DevTokens)
        {
            app.MapDevTokens();
        }

        app.MapMe();
        app.MapCredits();
        app.MapRituals();
        app.MapVoices();
        app.MapOperatorCosts();
        app.MapBilling();
        app.MapPlays();
        app.MapCreators();
        app.MapPacks();
        app.MapCatalog();
        app.MapConversation();
        app.MapWebApp();
        return app;
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, AuthOptions auth)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            IssuerSigningKey = TokenIssuer.SigningKey(auth),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            NameClaimType = "sub",
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        if (auth.Oidc.Enabled)
        {
            // The provider's issuer and signing keys come from its discovery document, added to the api's own by the
            // handler; OidcTokens.Accept then holds each issuer to its own audience and kind of key.
            jwt.Authority = auth.Oidc.Authority;
            jwt.RequireHttpsMetadata = auth.Oidc.RequireHttpsMetadata;
            jwt.TokenValidationParameters.ValidAudiences = [auth.Audience, auth.Oidc.EffectiveAudience];
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256, .. OidcTokens.Algorithms];
        }

        jwt.Events = new JwtBearerEvents
        {
            // Browsers cannot set headers on a WebSocket upgrade, so the socket also takes ?access_token=.
            OnMessageReceived = context =>
            {
                if (context.Request.Path.StartsWithSegments(ConversationEndpoint.Path)
                    && context.Request.Query.TryGetValue("access_token", out var token))
                {
                    context.Token = token;
                }

                return Task.CompletedTask;
            },
            // The signature says who issued a token, not that it names a user: a token without a subject, or with one
            // the dev token endpoint would refuse (empty, or not a user id), is no user's, and is refused as invalid.
            OnTokenValidated = context =>
            {
                if (auth.Oidc.Enabled && !OidcTokens.Accept(context, auth))
                {
                    return Task.CompletedTask;
                }

                if (!HasOneValidSubject(context.Principal))
                {
                    context.Fail("The token's subject is not a valid user id.");
                }

                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Problems.WriteAsync(context.Response, StatusCodes.Status401Unauthorized, "Unauthorized",
                    context.AuthenticateFailure is null ? "A bearer token is required." : "The bearer token is invalid or expired.");
            },
        };
    }

    private static bool HasOneValidSubject(ClaimsPrincipal? principal) =>
        principal?.FindAll("sub").Take(2).ToArray() is [var subject] && UserIds.IsValid(subject.Value);
}
