using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace WaQup.Api.Rest;

/// <summary>Reads a small JSON object body, answering oversized or malformed bodies with a problem.</summary>
public static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
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
