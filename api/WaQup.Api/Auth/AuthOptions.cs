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

    /// <summary>
    /// An OpenID Connect provider whose access tokens are accepted beside the api's own (section <c>Auth:Oidc</c>);
    /// the web app signs in with it when its <see cref="OidcOptions.Authority"/> is set.
    /// </summary>
    public OidcOptions Oidc { get; set; } = new();

    public string EffectiveSigningKey =>
        SigningKey is { Length: >= 32 } key ? key
        : DevTokens ? DevelopmentSigningKey
        : throw new InvalidOperationException("Auth:SigningKey (WAQUP_Auth__SigningKey) of at least 32 characters is required when dev tokens are off.");
}

/// <summary>The OpenID Connect provider people sign in with (section <c>Auth:Oidc</c>); off while <see cref="Authority"/> is empty.</summary>
public sealed class OidcOptions
{
    /// <summary>The provider's issuer URL; its <c>/.well-known/openid-configuration</c> gives the keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The web app's client id at the provider (a public client: authorization code with PKCE).</summary>
    public string? ClientId { get; set; }

    /// <summary>What the provider's access tokens carry as <c>aud</c>; the client id when empty.</summary>
    public string? Audience { get; set; }

    /// <summary>The scopes the web app asks for.</summary>
    public string Scope { get; set; } = "openid profile";

    /// <summary>Only a local test provider may be reached over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public string? EffectiveAudience => string.IsNullOrWhiteSpace(Audience) ? ClientId : Audience;
}
