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

        try
        {
            var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, Problems.Result(StatusCodes.Status400BadRequest, "JSON object expected"));
            }

            return (document, null);
        }
        catch (JsonException)
        {
            return (null, Problems.Result(StatusCodes.Status400BadRequest, "Malformed JSON", "The body is not valid JSON."));
        }
    }
}
