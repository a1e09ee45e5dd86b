using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Rest;
using WaQup.Api.Auth;
using WaQup.Providers.Blobs;

namespace WaQup.Api.Rest;

/// <summary>One ritual: details, audio (with Range) and deletion.</summary>
public static class RitualEndpoints
{
    public static void MapRituals(this IEndpointRouteBuilder routes)
    {
        var rituals = routes.MapGroup("/v1/rituals").RequireAuthorization().WithTags("Rituals")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        rituals.MapGet("/{id}", GetAsync);

        rituals.MapGet("/{id}/audio", GetAudioAsync)
            // The audio is whatever the ritual was saved as (Ogg Opus today); a Range request is answered 206.
            .Produces(StatusCodes.Status200OK, typeof(Stream), "audio/ogg")
            .Produces(StatusCodes.Status206PartialContent, typeof(Stream), "audio/ogg");

        rituals.MapDelete("/{id}", DeleteAsync);
    }

    private static async Task<Results<Ok<RitualResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (ritual, problem) = await LookUpAsync(id, user, grains);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok(new RitualResponse(
            ritual!.RitualId,
            ritual.Kind,
            ritual.Title,
            ritual.DurationMs,
            ritual.CreatedAt,
            ritual.Script,
            ritual.Voice,
            $"/v1/rituals/{ritual.RitualId}/audio",
            ritual.AudioContentType,
            ritual.CreditsCharged));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetAudioAsync(
        string id, ClaimsPrincipal user, IGrainFactory grains, IBlobStore blobs, HttpContext context)
    {
        var (ritual, problem) = await LookUpAsync(id, user, grains);
        if (problem is not null)
        {
            return problem;
        }

        var blob = await blobs.OpenReadAsync(ritual!.AudioBlobKey, context.RequestAborted);
        if (blob is null)
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Audio not found", "The ritual's audio file is missing.");
        }

        context.Response.RegisterForDisposeAsync(blob);
        return TypedResults.Stream(blob.Content, blob.ContentType, fileDownloadName: null, enableRangeProcessing: true);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!RitualIds.IsValid(id))
        {
            return NotFound();
        }

        return await grains.GetGrain<IRitualGrain>(id).DeleteAsync(UserIds.Of(user)) switch
        {
            RitualAccess.Allowed => TypedResults.NoContent(),
            RitualAccess.Forbidden => Forbidden("Only the owner may delete this ritual."),
            _ => NotFound(),
        };
    }

    private static async Task<(RitualDetails? Ritual, ProblemHttpResult? Problem)> LookUpAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!RitualIds.IsValid(id))
        {
            return (null, NotFound());
        }

        var lookup = await grains.GetGrain<IRitualGrain>(id).GetAsync(UserIds.Of(user));
        return lookup.Access switch
        {
            RitualAccess.Allowed => (lookup.Ritual, null),
            RitualAccess.Forbidden => (null, Forbidden("This ritual is private to its owner.")),
            _ => (null, NotFound()),
        };
    }

    private static ProblemHttpResult NotFound() => Problems.Result(StatusCodes.Status404NotFound, "Ritual not found");

    private static ProblemHttpResult Forbidden(string detail) => Problems.Result(StatusCodes.Status403Forbidden, "Forbidden", detail);
}
