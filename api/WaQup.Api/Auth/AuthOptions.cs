namespace WaQup.Api.Auth;

/// <summary>Bearer token settings. Section <c>Auth</c>; the signing key comes from the environment in production.</summary>
public sealed class AuthOptions
{
    /// <summary>Only for local development: a key everyone can read in the source.</summary>
    public const string DevelopmentSigningKey = "waqup-development-signing-key-never-use-in-production";

    public string Issuer { get; set; } = "waqup";
    public string Audience { get; set; } = "waqup";

    /// <summary>HMAC-SHA256 key, at least 32 bytes. Required unless dev tokens are on.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Turns on <c>POST /v1/auth/dev-token</c>. On in <c>./waqup up</c>, never in production config.</summary>
    public bool DevTokens { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public string EffectiveSigningKey =>
        SigningKey is { Length: >= 32 } key ? key
        : DevTokens ? DevelopmentSigningKey
        : throw new InvalidOperationException("Auth:SigningKey (WAQUP_Auth__SigningKey) of at least 32 characters is required when dev tokens are off.");
}
