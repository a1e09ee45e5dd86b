using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Rest;
using WaQup.Api.Auth;

namespace WaQup.Api.Rest;

/// <summary><c>POST /v1/auth/dev-token</c>, mapped only when dev tokens are on.</summary>
public static class AuthEndpoints
{
    public static void MapDevTokens(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/auth/dev-token", IssueAsync)
            .AcceptsJson<DevTokenRequest>()
            .AllowAnonymous()
            // A development endpoint that mints a token for any id guards nothing by being slow; rate-limited per address,
            // it made a second load test within the minute fail (300 fresh users each, against 600 a minute).
            .DisableRateLimiting()
            .WithName("DevToken")
            .WithTags("Auth");
    }

    private static async Task<Results<Ok<DevTokenResponse>, ProblemHttpResult>> IssueAsync(
        HttpRequest request, TokenIssuer issuer, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, Read, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(new DevTokenResponse(issuer.Issue(body!.UserId, body.Name), "Bearer", (int)options.Value.TokenLifetime.TotalSeconds));
    }

    private static (DevTokenRequest? Body, ProblemHttpResult? Problem) Read(JsonElement body)
    {
        if (!(body.TryGetProperty("user_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is var userId && UserIds.IsValid(userId)))
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "Invalid user_id",
                "user_id must be 1-64 characters: letters, digits, '_', '.', '@' or '-', starting with a letter or digit."));
        }

        // An optional name claim, as an identity provider would give: the new user's first display name.
        string? name = null;
        if (body.TryGetProperty("name", out var given)
            && (given.ValueKind != JsonValueKind.String || (name = DisplayNames.Tidy(given.GetString())) is null))
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "Invalid name", $"name, when given, must be text of 1 to {DisplayNames.MaxLength} characters"));
        }

        return (new DevTokenRequest(userId!, name), null);
    }
}
