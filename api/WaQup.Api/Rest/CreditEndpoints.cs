using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Rest;
using WaQup.Api.Auth;

namespace WaQup.Api.Rest;

/// <summary>The caller's credits: balance, reserved amount and the ledger, a page at a time.</summary>
public static class CreditEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static void MapCredits(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/v1").RequireAuthorization().WithTags("Me")
            .MapGet("/me/credits", GetCreditsAsync)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized);
    }

    private static async Task<Results<Ok<CreditsResponse>, ProblemHttpResult>> GetCreditsAsync(
        [AsParameters] CreditsRequest request, HttpRequest http, ClaimsPrincipal user, IGrainFactory grains)
    {
        // Bound as text, so a repeated parameter would quietly become "a,b": refused instead.
        if (http.Query["limit"].Count > 1 || http.Query["before"].Count > 1)
        {
            return BadRequest("limit and before may each be given once.");
        }

        // "?limit=" binds as no value at all; it was sent, though, and is not a number.
        var limitText = request.limit ?? (http.Query.ContainsKey("limit") ? "" : null);
        var beforeText = request.before ?? (http.Query.ContainsKey("before") ? "" : null);
        var limit = DefaultLimit;
        if (limitText is not null
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return BadRequest($"limit must be a whole number from 1 to {MaxLimit}.");
        }

        long? before = null;
        if (beforeText is not null)
        {
            if (!LedgerCursor.TryDecode(beforeText, out var position))
            {
                return BadRequest("before must be a next_before cursor from an earlier answer.");
            }

            before = position;
        }

        var id = UserIds.Of(user);
        // Any call to the user is their first sight, with its welcome grant: a new user's ledger shows it at once.
        await grains.GetGrain<IUserGrain>(id).GetProfileAsync();
        var page = await grains.GetGrain<ICreditGrain>(id).GetLedgerPageAsync(before, limit);
        return TypedResults.Ok(new CreditsResponse(
            page.Balance,
            page.Reserved,
            page.Entries.Select(e => new LedgerEntryBody(e.Id, e.Kind, e.Amount, e.At, e.Reason)).ToArray(),
            page.OlderBefore is { } older ? LedgerCursor.Encode(older) : null));
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query", detail: detail);
}
