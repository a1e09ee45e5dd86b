namespace WaQup.Abstractions.Protocol;

/// <summary>The error codes of PROTOCOL.md.</summary>
public static class ErrorCodes
{
    public const string BadRequest = "bad_request";
    public const string Unauthorized = "unauthorized";
    public const string InvalidState = "invalid_state";
    public const string InsufficientCredits = "insufficient_credits";
    public const string RateLimited = "rate_limited";
    public const string MessageTooLarge = "message_too_large";
    public const string ProviderUnavailable = "provider_unavailable";
    public const string ResumeFailed = "resume_failed";
    public const string Internal = "internal";

    /// <summary>This implementation's addition: the silo cannot finish another ritual in time now (see retry_after_ms).</summary>
    public const string Overloaded = "overloaded";
}
