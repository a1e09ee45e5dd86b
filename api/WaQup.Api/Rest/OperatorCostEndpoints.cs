using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Rest;
using WaQup.Api.Auth;

namespace WaQup.Api.Rest;

/// <summary>For operators: what the providers' calls cost, per provider over a window, and per ritual.</summary>
public static class OperatorCostEndpoints
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    public static void MapOperatorCosts(this IEndpointRouteBuilder routes)
    {
        var costs = routes.MapGroup("/v1/ops/costs").RequireAuthorization(OperatorPolicy.Name).WithTags("Operators")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized);
        costs.MapGet("", GetProviderCostsAsync);
        costs.MapGet("/rituals/{ritual_id}", GetRitualCostsAsync).ProducesProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<ProviderCostsResponse>, ProblemHttpResult>> GetProviderCostsAsync(
        [AsParameters] ProviderCostsRequest request, HttpRequest http, IGrainFactory grains, TimeProvider clock)
    {
        if (http.Query["from"].Count > 1 || http.Query["to"].Count > 1)
        {
            return BadRequest("from and to may each be given once.");
        }

        DateTimeOffset? from = null, to = null;
        if (http.Query.ContainsKey("from") && !TryParseTime(request.from, out from))
        {
            return BadRequest("from must be an ISO 8601 time, such as 2026-01-31T00:00:00Z.");
        }

        if (http.Query.ContainsKey("to") && !TryParseTime(request.to, out to))
        {
            return BadRequest("to must be an ISO 8601 time, such as 2026-02-01T00:00:00Z.");
        }

        var end = to ?? (from is { } start && start + DefaultWindow < clock.GetUtcNow() ? start + DefaultWindow : clock.GetUtcNow());
        var begin = from ?? end - DefaultWindow;
        if (begin >= end)
        {
            return BadRequest("from must be before to.");
        }

        if (end - begin > MaxWindow)
        {
            return BadRequest($"the window from from to to may be at most {MaxWindow.TotalDays:0} days.");
        }

        var report = await grains.GetGrain<ICostReportGrain>(0).GetProviderCostsAsync(begin, end);
        var minutes = report.RitualAudioMs / 60_000m;
        return TypedResults.Ok(new ProviderCostsResponse(
            report.From,
            report.To,
            report.Rituals,
            (double)Math.Round(minutes, 4),
            report.Providers.Select(line => new ProviderCostBody(
                line.Provider,
                line.Currency,
                UsageOf(line),
                line.Cost,
                line.RitualCost,
                PerMinute(line.Cost, minutes),
                PerMinute(line.RitualCost, minutes))).ToArray()));
    }

    private static async Task<Results<Ok<RitualCostsResponse>, ProblemHttpResult>> GetRitualCostsAsync(
        [Microsoft.AspNetCore.Mvc.FromRoute(Name = "ritual_id")] string ritualId, IGrainFactory grains)
    {
        if (!RitualIds.IsValid(ritualId))
        {
            return BadRequest("ritual_id must be rit_ and 32 lower-case hexadecimal digits.");
        }

        if (await grains.GetGrain<ICostReportGrain>(0).GetRitualCostsAsync(ritualId) is not { } report)
        {
            return Problems.Result(StatusCodes.Status404NotFound, "Not found", "No such ritual, and no provider call served it.");
        }

        var minutes = report.DurationMs is { } ms ? ms / 60_000m : 0m;
        return TypedResults.Ok(new RitualCostsResponse(
            report.RitualId,
            report.DurationMs,
            report.Lines.Select(line => new RitualCostLineBody(line.Provider, line.Model, line.Operation, UsageOf(line), line.Cost, line.Currency)).ToArray(),
            report.Lines.GroupBy(line => line.Currency, StringComparer.Ordinal)
                .Select(currency => new CostTotalBody(currency.Key, currency.Sum(l => l.Cost), PerMinute(currency.Sum(l => l.Cost), minutes)))
                .ToArray()));
    }

    /// <summary>A time with its offset (or UTC), from 2000 to 9999: the ISO 8601 forms, and nothing that only looks like a time.</summary>
    private static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40 || !char.IsAsciiDigit(text[0]) || !text.Contains('-', StringComparison.Ordinal))
        {
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            || parsed.Year < 2000)
        {
            return false;
        }

        time = parsed.ToUniversalTime();
        return true;
    }

    private static CostUsageBody UsageOf(CostLine line) =>
        new(line.Calls, line.InputTokens, line.OutputTokens, line.Characters, Math.Round(line.AudioSeconds, 3));

    private static decimal? PerMinute(decimal cost, decimal minutes) => minutes > 0 ? Math.Round(cost / minutes, 8) : null;

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query", detail: detail);
}
