using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WaQup.Api.Rest;

/// <summary>The <c>Idempotency-Key</c> header: at most 255 printable characters.</summary>
public static class IdempotencyKeys
{
    public const int MaxLength = 255;

    /// <summary>The key (null when absent and not <paramref name="required"/>), or the problem that refuses it.</summary>
    public static (string? Key, ProblemHttpResult? Problem) Read(HttpRequest request, bool required)
    {
        var values = request.Headers["Idempotency-Key"];
        var key = values.ToString();
        if (values.Count > 1 || key.Length > MaxLength || key.Any(char.IsControl) || (required && key.Length == 0))
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key",
                $"{(required ? "This request needs an" : "An")} Idempotency-Key header of 1 to {MaxLength} printable characters."));
        }

        return (key.Length > 0 ? key : null, null);
    }
}
