using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace WaQup.Api.Rest;

/// <summary>
/// Reads a small JSON object body into its wire record, answering oversized, malformed or invalid bodies with a problem.
/// </summary>
/// <remarks>
/// Model binding would answer all of these with one bare 400 (and read a body of any size first); reading by hand keeps
/// the problem telling the caller which field is wrong and why, and <see cref="AcceptsJson{T}"/> still puts the body's
/// record in the OpenAPI document.
/// </remarks>
public static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>Declares for the OpenAPI document that an endpoint reads a <typeparamref name="T"/>, and the problems its reading answers.</summary>
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder)
        where T : notnull =>
        builder.Accepts<T>("application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);

    /// <summary>Reads the body and hands its root object to <paramref name="read"/>, which makes the record or refuses it.</summary>
    public static async Task<(T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest request, Func<JsonElement, (T? Body, ProblemHttpResult? Problem)> read, CancellationToken cancellationToken)
        where T : class
    {
        var (document, problem) = await ReadObjectAsync(request, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        using (document)
        {
            return read(document!.RootElement);
        }
    }

    private static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.Result(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {MaxBytes} bytes."));
        }

        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "JSON expected", "Send Content-Type: application/json."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, Problems.Result(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {MaxBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        var body = buffer.ToArray();
        try
        {
            var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, Problems.Result(StatusCodes.Status400BadRequest, "JSON object expected"));
            }

            if (!StringsAreText(body))
            {
                document.Dispose();
                return (null, Problems.Result(StatusCodes.Status400BadRequest, "Malformed JSON",
                    "A string in the body is not valid text: a lone surrogate escape or invalid UTF-8."));
            }

            return (document, null);
        }
        catch (JsonException)
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "Malformed JSON", "The body is not valid JSON."));
        }
    }

    private const int MaxDepth = 8;

    /// <summary>
    /// The JSON reader accepts a lone surrogate escape ("\ud800") and invalid UTF-8 inside strings, and throws only
    /// when such a string is decoded, deep in whichever endpoint reads it: every string and name is checked here
    /// instead, once, so that no endpoint can answer 500 for it. Plain ASCII strings, the usual case, are not decoded.
    /// </summary>
    private static bool StringsAreText(byte[] body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
                    && (reader.ValueIsEscaped || !Ascii.IsValid(reader.ValueSpan)))
                {
                    reader.GetString();
                }
            }

            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
