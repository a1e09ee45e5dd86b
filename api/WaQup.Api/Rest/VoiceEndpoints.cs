using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WaQup.Abstractions.Rest;
using WaQup.Abstractions.Voice;

namespace WaQup.Api.Rest;

/// <summary>The voices this node can speak with: the ids the <c>voice</c> preference takes.</summary>
public static class VoiceEndpoints
{
    public static void MapVoices(this IEndpointRouteBuilder routes)
    {
        var voices = routes.MapGroup("/v1").RequireAuthorization().WithTags("Voices").ProducesProblems(StatusCodes.Status401Unauthorized);

        voices.MapGet("/voices", ListAsync);
    }

    // A node that hosts no speech provider (an api-only node) registers no catalog and speaks with no voice.
    private static async Task<Ok<VoiceInfo[]>> ListAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        TypedResults.Ok(services.GetService(typeof(IVoiceCatalog)) is IVoiceCatalog catalog
            ? [.. await catalog.ListAsync(cancellationToken)]
            : Array.Empty<VoiceInfo>());
}
