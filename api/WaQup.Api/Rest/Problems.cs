using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WaQup.Api.Rest;

/// <summary>RFC 9457 problem details, the only shape of a REST error.</summary>
public static class Problems
{
    public static ProblemHttpResult Result(int status, string title, string? detail = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>
    /// Declares, for the OpenAPI document, the statuses an endpoint answers with a problem: a problem's status is
    /// chosen at run time, so its result type cannot say which ones.
    /// </summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    /// <summary>Writes a problem straight to a response, for middleware and auth events that have no endpoint result.</summary>
    public static Task WriteAsync(HttpResponse response, int status, string title, string? detail = null)
    {
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        return response.WriteAsync(JsonSerializer.Serialize(new
        {
            type = $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? 6 : 5)}",
            title,
            status,
            detail,
        }));
    }
}
