using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace WaQup.Api.Rest;

/// <summary>RFC 9457 problem details, the only shape of a REST error.</summary>
public static class Problems
{
    public static IResult Result(int status, string title, string? detail = null) =>
        Results.Problem(statusCode: status, title: title, detail: detail);

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
