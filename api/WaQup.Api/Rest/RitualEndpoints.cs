using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WaQup.Abstractions.Grains;
using WaQup.Api.Auth;
using WaQup.Providers.Blobs;

namespace WaQup.Api.Rest;

/// <summary>One ritual: details, audio (with Range) and deletion.</summary>
public static class RitualEndpoints
{
    public static void MapRituals(this IEndpointRouteBuilder routes)
    {
        var rituals = routes.MapGroup("/v1/rituals").RequireAuthorization();

        rituals.MapGet("/{id}", async (string id, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var (ritual, problem) = await LookUpAsync(id, user, grains);
            return problem ?? Results.Json(new
            {
                ritual_id = ritual!.RitualId,
                kind = ritual.Kind,
                title = ritual.Title,
                duration_ms = ritual.DurationMs,
                created_at = ritual.CreatedAt,
                script = ritual.Script,
                voice = ritual.Voice,
                audio_url = $"/v1/rituals/{ritual.RitualId}/audio",
                audio_content_type = ritual.AudioContentType,
                credits_charged = ritual.CreditsCharged,
            });
        });

        rituals.MapGet("/{id}/audio", async (string id, ClaimsPrincipal user, IGrainFactory grains, IBlobStore blobs, HttpContext context) =>
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
            return Results.Stream(blob.Content, blob.ContentType, fileDownloadName: null, enableRangeProcessing: true);
        });

        rituals.MapDelete("/{id}", async (string id, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            if (!RitualIds.IsValid(id))
            {
                return NotFound();
            }

            return await grains.GetGrain<IRitualGrain>(id).DeleteAsync(UserIds.Of(user)) switch
            {
                RitualAccess.Allowed => Results.NoContent(),
                RitualAccess.Forbidden => Forbidden("Only the owner may delete this ritual."),
                _ => NotFound(),
            };
        });
    }

    private static async Task<(RitualDetails? Ritual, IResult? Problem)> LookUpAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
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

    private static IResult NotFound() => Problems.Result(StatusCodes.Status404NotFound, "Ritual not found");

    private static IResult Forbidden(string detail) => Problems.Result(StatusCodes.Status403Forbidden, "Forbidden", detail);
}
