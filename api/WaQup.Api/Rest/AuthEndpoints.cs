using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WaQup.Api.Auth;

namespace WaQup.Api.Rest;

/// <summary><c>POST /v1/auth/dev-token</c>, mapped only when dev tokens are on.</summary>
public static class AuthEndpoints
{
    public static void MapDevTokens(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/auth/dev-token", async (HttpRequest request, TokenIssuer issuer, IOptions<AuthOptions> options, CancellationToken cancellationToken) =>
        {
            var (document, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            using (document)
            {
                var root = document!.RootElement;
                if (!root.TryGetProperty("user_id", out var id) || id.ValueKind != JsonValueKind.String || !UserIds.IsValid(id.GetString()))
                {
                    return Problems.Result(StatusCodes.Status400BadRequest, "Invalid user_id",
                        "user_id must be 1-64 characters: letters, digits, '_', '.', '@' or '-', starting with a letter or digit.");
                }

                return Results.Json(new
                {
                    access_token = issuer.Issue(id.GetString()!),
                    token_type = "Bearer",
                    expires_in = (int)options.Value.TokenLifetime.TotalSeconds,
                });
            }
        })
        .AllowAnonymous()
        // A development endpoint that mints a token for any id guards nothing by being slow; rate-limited per address,
        // it made a second load test within the minute fail (300 fresh users each, against 600 a minute).
        .DisableRateLimiting()
        .WithName("DevToken");
    }
}
