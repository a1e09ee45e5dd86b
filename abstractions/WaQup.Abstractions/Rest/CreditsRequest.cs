namespace WaQup.Abstractions.Rest;

/// <summary>The query of <c>GET /v1/me/credits</c>, as sent: <c>limit</c> (1-200) and <c>before</c> (a cursor), both optional.</summary>
/// <remarks>
/// Text, so that the endpoint, not the model binder, answers a malformed value with problem details. Named as on the
/// wire: minimal APIs bind (and OpenAPI lists) an <c>[AsParameters]</c> record's members by their own names, and the
/// contract may not carry ASP.NET's <c>[FromQuery(Name = ...)]</c>.
/// </remarks>
public sealed record CreditsRequest(string? limit, string? before);
