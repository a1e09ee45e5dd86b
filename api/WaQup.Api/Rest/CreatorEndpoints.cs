using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Marketplace;
using WaQup.Abstractions.Rest;
using WaQup.Api.Auth;

namespace WaQup.Api.Rest;

/// <summary>The caller as a creator: becoming one, their profile, analytics per day and rewards.</summary>
public static class CreatorEndpoints
{
    public const int MaxBio = 1000;

    /// <summary>The longest range of days analytics answers at once: a year, leap day included.</summary>
    public const int MaxDays = 366;

    /// <summary>The days analytics answers when none are asked for: the last 30, today included.</summary>
    public const int DefaultDays = 30;

    /// <summary>How many reward entries <c>GET /v1/me/creator/rewards</c> lists, newest first.</summary>
    public const int RewardsListed = 200;

    public static void MapCreators(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/v1/me/creator").RequireAuthorization().WithTags("Creators")
            .ProducesProblems(StatusCodes.Status401Unauthorized);

        me.MapPut("", BecomeAsync).AcceptsJson<CreatorRequest>();
        me.MapGet("", GetAsync).ProducesProblems(StatusCodes.Status404NotFound);
        me.MapGet("/rewards", GetRewardsAsync).ProducesProblems(StatusCodes.Status403Forbidden);
        me.MapGet("/analytics", GetAnalyticsAsync).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<CreatorBody>, ProblemHttpResult>> BecomeAsync(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ReadCreator, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var profile = await grains.GetGrain<ICreatorGrain>(UserIds.Of(user)).BecomeAsync(body!.DisplayName, body.Bio);
        return TypedResults.Ok(new CreatorBody(profile.CreatorId, profile.DisplayName, profile.Bio));
    }

    private static async Task<Results<Ok<CreatorBody>, ProblemHttpResult>> GetAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        await grains.GetGrain<ICreatorGrain>(UserIds.Of(user)).GetAsync() is { } profile
            ? TypedResults.Ok(new CreatorBody(profile.CreatorId, profile.DisplayName, profile.Bio))
            : Problems.Result(StatusCodes.Status404NotFound, "Not a creator", "PUT /v1/me/creator to become one.");

    private static async Task<Results<Ok<RewardsBody>, ProblemHttpResult>> GetRewardsAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var rewards = await grains.GetGrain<ICreatorGrain>(UserIds.Of(user)).GetRewardsAsync(RewardsListed);
        return rewards is null
            ? NotACreator()
            : TypedResults.Ok(new RewardsBody(rewards.Balance, rewards.NewestFirst.Select(e => new LedgerEntryBody(e.Id, e.Kind, e.Amount, e.At, e.Reason)).ToArray()));
    }

    private static async Task<Results<Ok<AnalyticsBody>, ProblemHttpResult>> GetAnalyticsAsync(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (!TryDate(request, "to", today, out var to) || !TryDate(request, "from", to.AddDays(1 - DefaultDays), out var from))
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid range", "from and to are dates as yyyy-MM-dd (UTC), each given at most once.");
        }

        if (from > to || to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "Invalid range", $"from must not be after to, and the range is at most {MaxDays} days.");
        }

        var days = await grains.GetGrain<ICreatorGrain>(UserIds.Of(user)).GetDaysAsync(from, to);
        return days is null
            ? NotACreator()
            : TypedResults.Ok(new AnalyticsBody(days.Select(d => new AnalyticsDayBody(
                d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Plays, d.Completions, d.Purchases, d.CreditsEarned)).ToArray()));
    }

    private static bool TryDate(HttpRequest request, string name, DateOnly fallback, out DateOnly date)
    {
        var values = request.Query[name];
        if (values.Count == 0)
        {
            date = fallback;
            return true;
        }

        return DateOnly.TryParseExact(values.Count == 1 ? values[0] : null, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private static (CreatorRequest? Body, ProblemHttpResult? Problem) ReadCreator(JsonElement body)
    {
        string? name = null, bio = null;
        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            switch (property.Name)
            {
                case "display_name":
                    name = DisplayNames.Tidy(value);
                    if (name is null)
                    {
                        return (null, Invalid($"display_name must be text of 1 to {DisplayNames.MaxLength} characters, without control characters"));
                    }

                    break;
                case "bio":
                    bio = value?.Trim();
                    if (bio is null || bio.Length > MaxBio || bio.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
                    {
                        return (null, Invalid($"bio must be text of at most {MaxBio} characters"));
                    }

                    break;
                default:
                    return (null, Invalid($"unknown field '{property.Name}'; a creator has display_name and bio"));
            }
        }

        return name is null ? (null, Invalid("display_name is required")) : (new CreatorRequest(name, bio ?? ""), null);
    }

    private static ProblemHttpResult NotACreator() =>
        Problems.Result(StatusCodes.Status403Forbidden, "Not a creator", "PUT /v1/me/creator to become one.");

    private static ProblemHttpResult Invalid(string detail) => Problems.Result(StatusCodes.Status400BadRequest, "Invalid creator", detail);
}
