using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WaQup.Abstractions.Plays;
using WaQup.Abstractions.Rest;
using WaQup.Api.Auth;

namespace WaQup.Api.Rest;

/// <summary>
/// Play events from the caller's player (PROTOCOL.md, "v1.1: marketplace, creators and rewards"). What counts, and what
/// a completed play earns its creator, is the listener grain's (docs/plays.md).
/// </summary>
public static class PlayEndpoints
{
    /// <summary>No ritual lasts a day: a position past it is not a position in one.</summary>
    private const long MaxPositionMs = 24L * 60 * 60 * 1000;

    public static void MapPlays(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/plays", ReportAsync).RequireAuthorization().WithTags("Plays").AcceptsJson<PlayRequest>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Accepted<PlayAcceptedBody>, ProblemHttpResult>> ReportAsync(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, Read, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!RitualIds.IsValid(body!.Report.RitualId))
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Not found", "no such ritual");
        }

        var answer = await grains.GetGrain<IListenerGrain>(UserIds.Of(user)).ReportAsync(body.Report);
        return answer.Verdict switch
        {
            PlayVerdict.Accepted or PlayVerdict.NotCounted => TypedResults.Accepted((string?)null, new PlayAcceptedBody(answer.Counted, answer.Completed, answer.Reason)),
            PlayVerdict.NotFound => Problems.Result(StatusCodes.Status404NotFound, "Not found", answer.Reason),
            PlayVerdict.Forbidden => Problems.Result(StatusCodes.Status403Forbidden, "Forbidden", answer.Reason),
            PlayVerdict.NoPlayStarted => Problems.Result(StatusCodes.Status409Conflict, "No play started", answer.Reason),
            _ => Invalid(answer.Reason ?? "the position is past the ritual's end"),
        };
    }

    private sealed record ReadPlay(PlayReport Report);

    private static (ReadPlay? Body, ProblemHttpResult? Problem) Read(JsonElement body)
    {
        string? ritualId = null;
        PlayEventKind? kind = null;
        long? position = null;
        foreach (var property in body.EnumerateObject())
        {
            switch (property.Name)
            {
                case "ritual_id" when property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 and <= 64 } id:
                    ritualId = id;
                    break;
                case "ritual_id":
                    return (null, Invalid("ritual_id must be a ritual's id"));
                case "event" when property.Value.ValueKind == JsonValueKind.String:
                    kind = property.Value.GetString() switch
                    {
                        "start" => PlayEventKind.Start,
                        "progress" => PlayEventKind.Progress,
                        "complete" => PlayEventKind.Complete,
                        _ => null,
                    };
                    if (kind is null)
                    {
                        return (null, Invalid("event must be start, progress or complete"));
                    }

                    break;
                case "event":
                    return (null, Invalid("event must be start, progress or complete"));
                case "position_ms" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var ms) && ms is >= 0 and <= MaxPositionMs:
                    position = ms;
                    break;
                case "position_ms":
                    return (null, Invalid($"position_ms must be a whole number of milliseconds from 0 to {MaxPositionMs}"));
                default:
                    return (null, Invalid($"unknown field '{property.Name}'; a play event has ritual_id, event and position_ms"));
            }
        }

        return (ritualId, kind, position) switch
        {
            (null, _, _) => (null, Invalid("ritual_id is required")),
            (_, null, _) => (null, Invalid("event is required")),
            (_, _, null) => (null, Invalid("position_ms is required")),
            var (id, what, at) => (new ReadPlay(new PlayReport(id, what.Value, at.Value)), null),
        };
    }

    private static ProblemHttpResult Invalid(string detail) => Problems.Result(StatusCodes.Status400BadRequest, "Invalid play event", detail);
}
