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

/// <summary>
/// Packs (PROTOCOL.md, "v1.1: marketplace, creators and rewards"): creating, reading, editing, publishing and
/// unpublishing, buying and rating. The rules live in the pack and purchases grains; this reads and answers.
/// </summary>
public static class PackEndpoints
{
    public static void MapPacks(this IEndpointRouteBuilder routes)
    {
        var packs = routes.MapGroup("/v1/packs").RequireAuthorization().WithTags("Packs")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        packs.MapPost("", CreateAsync).AcceptsJson<PackRequest>();
        packs.MapGet("/{id}", GetAsync);
        packs.MapPatch("/{id}", UpdateAsync).AcceptsJson<PackRequest>();
        packs.MapPost("/{id}/publish", PublishAsync).ProducesProblems(StatusCodes.Status409Conflict);
        packs.MapPost("/{id}/unpublish", UnpublishAsync).ProducesProblems(StatusCodes.Status409Conflict);
        packs.MapPost("/{id}/purchase", PurchaseAsync).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status402PaymentRequired);
        packs.MapPost("/{id}/rating", RateAsync).AcceptsJson<RatingRequest>();
    }

    private static async Task<Results<Created<PackBody>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (key, keyProblem) = IdempotencyKeys.Read(request, required: false);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        var (draft, problem) = await JsonBody.ReadAsync(request, PackRequests.ReadDraft, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = UserIds.Of(user);
        var outcome = await grains.GetGrain<IPackGrain>(PackIds.New(caller, key)).CreateAsync(caller, draft!);
        return outcome.Pack is { } pack
            ? TypedResults.Created($"/v1/packs/{pack.PackId}", Body(pack))
            : Refused(outcome);
    }

    private static Task<Results<Ok<PackBody>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        AnswerAsync(id, (pack, caller) => pack.GetAsync(caller), user, grains);

    private static async Task<Results<Ok<PackBody>, ProblemHttpResult>> UpdateAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!PackIds.IsValid(id))
        {
            return NotFound();
        }

        var (patch, problem) = await JsonBody.ReadAsync(request, PackRequests.ReadPatch, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await AnswerAsync(id, (pack, caller) => pack.UpdateAsync(caller, patch!), user, grains);
    }

    private static Task<Results<Ok<PackBody>, ProblemHttpResult>> PublishAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        AnswerAsync(id, (pack, caller) => pack.PublishAsync(caller), user, grains);

    private static Task<Results<Ok<PackBody>, ProblemHttpResult>> UnpublishAsync(string id, ClaimsPrincipal user, IGrainFactory grains) =>
        AnswerAsync(id, (pack, caller) => pack.UnpublishAsync(caller), user, grains);

    private static async Task<Results<Ok<PurchaseBody>, ProblemHttpResult>> PurchaseAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (key, problem) = IdempotencyKeys.Read(request, required: true);
        if (problem is not null)
        {
            return problem;
        }

        if (!PackIds.IsValid(id))
        {
            return NotFound();
        }

        var buyer = UserIds.Of(user);
        // Any call to the user is their first sight, with its welcome grant: a new listener's first purchase can use it.
        await grains.GetGrain<IUserGrain>(buyer).GetProfileAsync();
        var outcome = await grains.GetGrain<IPurchasesGrain>(buyer).PurchaseAsync(id, key!);
        return outcome.Answer switch
        {
            PurchaseAnswer.Owned => TypedResults.Ok(new PurchaseBody(id, outcome.CreditsCharged)),
            PurchaseAnswer.ShortOfCredits => Problems.Result(StatusCodes.Status402PaymentRequired, "Not enough credits", outcome.Detail),
            _ => NotFound(),
        };
    }

    private static async Task<Results<Ok<RatingBody>, ProblemHttpResult>> RateAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!PackIds.IsValid(id))
        {
            return NotFound();
        }

        var (rating, problem) = await JsonBody.ReadAsync(request, ReadRating, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await grains.GetGrain<IPackGrain>(id).RateAsync(UserIds.Of(user), rating!.Stars);
        return outcome.Answer == PackAnswer.Done
            ? TypedResults.Ok(new RatingBody(id, rating.Stars, outcome.Rating, outcome.RatingCount))
            : Refused(PackOutcome.Refused(outcome.Answer, outcome.Detail ?? ""));
    }

    private static async Task<Results<Ok<PackBody>, ProblemHttpResult>> AnswerAsync(
        string id, Func<IPackGrain, string, Task<PackOutcome>> ask, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!PackIds.IsValid(id))
        {
            return NotFound();
        }

        var outcome = await ask(grains.GetGrain<IPackGrain>(id), UserIds.Of(user));
        return outcome.Pack is { } pack ? TypedResults.Ok(Body(pack)) : Refused(outcome);
    }

    private static (RatingRequest? Rating, ProblemHttpResult? Problem) ReadRating(JsonElement body)
    {
        var stars = 0;
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name != "stars")
            {
                return (null, InvalidRating($"unknown field '{property.Name}'; a rating is {{\"stars\": 1-5}}"));
            }

            if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out stars) || stars is < 1 or > 5)
            {
                return (null, InvalidRating("stars must be a whole number from 1 to 5"));
            }
        }

        return stars == 0 ? (null, InvalidRating("stars is required: a whole number from 1 to 5")) : (new RatingRequest(stars), null);
    }

    private static PackBody Body(PackView pack) => new(
        pack.PackId,
        pack.Title,
        pack.Description,
        new CreatorRefBody(pack.Creator.CreatorId, pack.Creator.DisplayName),
        pack.PriceCredits,
        pack.Tags,
        pack.Status,
        pack.Rituals.Select(r => new PackRitualBody(r.RitualId, r.Kind, r.Title, r.DurationMs)).ToArray(),
        pack.Owned,
        pack.Rating,
        pack.Plays,
        pack.RatingCount,
        pack.Purchases,
        pack.Rituals.Sum(r => r.DurationMs),
        pack.PublishedAt);

    private static ProblemHttpResult Refused(PackOutcome outcome) => outcome.Answer switch
    {
        PackAnswer.Forbidden => Problems.Result(StatusCodes.Status403Forbidden, "Forbidden", outcome.Detail),
        PackAnswer.Conflict => Problems.Result(StatusCodes.Status409Conflict, "Not now", outcome.Detail),
        _ => NotFound(),
    };

    private static ProblemHttpResult NotFound() => Problems.Result(StatusCodes.Status404NotFound, "Pack not found");

    private static ProblemHttpResult InvalidRating(string detail) => Problems.Result(StatusCodes.Status400BadRequest, "Invalid rating", detail);
}
