using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WaQup.Abstractions.Catalog;
using WaQup.Abstractions.Rest;
using WaQup.Api.Auth;

namespace WaQup.Api.Rest;

/// <summary>
/// Discovery (PROTOCOL.md, "v1.1: marketplace, creators and rewards"): catalog search, creators' public profiles and
/// recommendations. This checks the parameters' shape; the catalog grain does the rest.
/// </summary>
public static class CatalogEndpoints
{
    public const int MaxQueryLength = 200;
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;
    public const int RecommendationLimit = 20;

    /// <summary>A day of listening is more than any pack needs; past it the filter is surely a mistake.</summary>
    public const int MaxMinutes = 24 * 60;

    public const int MaxTagLength = 64;

    private static readonly string[] Kinds = ["affirmation", "meditation", "ritual"];
    private static readonly string[] Parameters = ["q", "kind", "max_minutes", "tag", "sort", "limit", "cursor"];

    public static void MapCatalog(this IEndpointRouteBuilder routes)
    {
        var v1 = routes.MapGroup("/v1").RequireAuthorization().WithTags("Catalog")
            .ProducesProblems(StatusCodes.Status401Unauthorized);
        v1.MapGet("/catalog", SearchAsync).ProducesProblems(StatusCodes.Status400BadRequest);
        v1.MapGet("/creators/{creator_id}", GetCreatorAsync).ProducesProblems(StatusCodes.Status404NotFound);
        v1.MapGet("/recommendations", RecommendAsync);
        v1.MapGet("/me/creator/packs", ListOwnPacksAsync).WithTags("Creators").ProducesProblems(StatusCodes.Status403Forbidden);
    }

    /// <summary>The public body of a pack summary, shared by every list that shows packs.</summary>
    public static PackSummaryBody Body(PackSummary pack) => new(
        pack.PackId,
        pack.Title,
        pack.Description,
        new CreatorRefBody(pack.CreatorId, pack.CreatorName),
        pack.PriceCredits,
        pack.Tags,
        pack.Kinds,
        pack.DurationMs,
        pack.RitualCount,
        pack.Rating,
        pack.Plays,
        pack.PublishedAt,
        pack.Owned);

    private static async Task<Results<Ok<CatalogResponse>, ProblemHttpResult>> SearchAsync(
        [AsParameters] CatalogRequest request, HttpRequest http, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        // Bound as text, so a repeated parameter would quietly become "a,b": refused instead.
        if (Parameters.FirstOrDefault(name => http.Query[name].Count > 1) is { } repeated)
        {
            return BadRequest($"{repeated} may be given once.");
        }

        if (request.q is { Length: > MaxQueryLength })
        {
            return BadRequest($"q may be at most {MaxQueryLength} characters.");
        }

        var kind = Sent(request.kind, http, "kind");
        if (kind is not null && !Kinds.Contains(kind))
        {
            return BadRequest($"kind must be one of {string.Join(", ", Kinds)}.");
        }

        int? maxMinutes = null;
        if (Sent(request.max_minutes, http, "max_minutes") is { } maxText)
        {
            if (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes is < 1 or > MaxMinutes)
            {
                return BadRequest($"max_minutes must be a whole number from 1 to {MaxMinutes}.");
            }

            maxMinutes = minutes;
        }

        var tag = Sent(request.tag, http, "tag")?.Trim().ToLowerInvariant();
        if (tag is { Length: 0 or > MaxTagLength })
        {
            return BadRequest($"tag must be 1 to {MaxTagLength} characters.");
        }

        var hasText = !string.IsNullOrWhiteSpace(request.q);
        CatalogSort sort;
        switch (Sent(request.sort, http, "sort"))
        {
            case null: sort = hasText ? CatalogSort.Relevance : CatalogSort.New; break;
            case "relevance": sort = CatalogSort.Relevance; break;
            case "popular": sort = CatalogSort.Popular; break;
            case "new": sort = CatalogSort.New; break;
            case "rating": sort = CatalogSort.Rating; break;
            default: return BadRequest("sort must be one of relevance, popular, new, rating.");
        }

        var limit = DefaultLimit;
        if (Sent(request.limit, http, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return BadRequest($"limit must be a whole number from 1 to {MaxLimit}.");
        }

        var query = new CatalogQuery(hasText ? request.q : null, kind, maxMinutes, tag, sort, limit, Sent(request.cursor, http, "cursor"));
        var answer = await grains.GetGrain<ICatalogGrain>(0).SearchAsync(query, UserIds.Of(user), cancellationToken);
        return answer.Refusal is { } why
            ? BadRequest(why)
            : TypedResults.Ok(new CatalogResponse([.. answer.Items.Select(Body)], answer.NextCursor));
    }

    private static async Task<Results<Ok<CreatorProfileBody>, ProblemHttpResult>> GetCreatorAsync(
        string creator_id, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        // An id of another shape names nobody: answered as unknown, without a query.
        if (!IsCreatorId(creator_id)
            || await grains.GetGrain<ICatalogGrain>(0).GetCreatorAsync(creator_id, UserIds.Of(user), cancellationToken) is not { } profile)
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Creator not found");
        }

        return TypedResults.Ok(new CreatorProfileBody(profile.CreatorId, profile.DisplayName, profile.Bio, [.. profile.Packs.Select(Body)]));
    }

    private static async Task<Ok<RecommendationsResponse>> RecommendAsync(ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var packs = await grains.GetGrain<ICatalogGrain>(0).RecommendAsync(UserIds.Of(user), RecommendationLimit, cancellationToken);
        return TypedResults.Ok(new RecommendationsResponse([.. packs.Select(Body)]));
    }

    private static async Task<Results<Ok<CreatorPacksResponse>, ProblemHttpResult>> ListOwnPacksAsync(
        ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var packs = await grains.GetGrain<ICatalogGrain>(0).ListOwnPacksAsync(UserIds.Of(user), cancellationToken);
        return packs is null
            ? Problems.Result(StatusCodes.Status403Forbidden, "Not a creator", "Become a creator first: PUT /v1/me/creator.")
            : TypedResults.Ok(new CreatorPacksResponse([.. packs.Select(p => new CreatorPackBody(p.Status, Body(p.Pack)))]));
    }

    /// <summary><c>cr_</c> and 32 hexadecimal digits.</summary>
    public static bool IsCreatorId(string id) =>
        id.Length == 35 && id.StartsWith("cr_", StringComparison.Ordinal) && !id.AsSpan(3).ContainsAnyExcept("0123456789abcdef");

    /// <summary>The value as sent: "?limit=" binds as no value at all, but it was sent, and is not a number.</summary>
    private static string? Sent(string? bound, HttpRequest http, string name) => bound ?? (http.Query.ContainsKey(name) ? "" : null);

    private static ProblemHttpResult BadRequest(string detail) =>
        Problems.Result(StatusCodes.Status400BadRequest, "Invalid query", detail);
}
