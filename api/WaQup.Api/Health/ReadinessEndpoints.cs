using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Runtime;
using WaQup.Abstractions.Rest;
using WaQup.Api.Conversation;
using WaQup.Api.Rest;

namespace WaQup.Api.Health;

/// <summary><c>/healthz</c> (the process runs) and <c>/readyz</c> (the cluster and the database answer).</summary>
public static class ReadinessEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Ok(LivenessResponse.Alive)).AllowAnonymous().WithTags("Health");

        routes.MapGet("/readyz", async Task<Results<Ok<ReadinessResponse>, ProblemHttpResult>> (
            IGrainFactory grains, NpgsqlDataSource database, DrainState drain, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            if (drain.Draining)
            {
                // Load balancers stop sending here; the conversations still here are being moved.
                return Problems.Result(StatusCodes.Status503ServiceUnavailable, "Draining", "This node is shutting down.");
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await using (var command = database.CreateCommand("SELECT 1"))
                {
                    await command.ExecuteScalarAsync(timeout.Token);
                }

                var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(timeout.Token);
                return hosts.Count > 0
                    ? TypedResults.Ok(ReadinessResponse.Ready(hosts.Count))
                    : Problems.Result(StatusCodes.Status503ServiceUnavailable, "Not ready", "No active silo in the cluster.");
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException or OperationCanceledException or OrleansException)
            {
                loggers.CreateLogger("WaQup.Readiness").LogWarning(error, "Not ready");
                return Problems.Result(StatusCodes.Status503ServiceUnavailable, "Not ready", error.Message);
            }
        }).AllowAnonymous().WithTags("Health").ProducesProblems(StatusCodes.Status503ServiceUnavailable);
    }
}
