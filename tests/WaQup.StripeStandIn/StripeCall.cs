using System.Text.Json.Nodes;

namespace WaQup.Tests.Billing;

/// <summary>
/// One request the stand-in received: method, path, the form fields in the order sent, the same fields as Stripe
/// reads them (nested keys and arrays as a JSON tree) and the headers.
/// </summary>
public sealed record StripeCall(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Fields,
    JsonObject Params,
    IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? IdempotencyKey => Header("Idempotency-Key");

    /// <summary>The value of one form field by its encoded name, e.g. <c>metadata[user_id]</c>.</summary>
    public string? Field(string name) => Fields.LastOrDefault(f => f.Key == name).Value;
}
