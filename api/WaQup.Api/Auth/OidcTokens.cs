using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WaQup.Api.Auth;

/// <summary>
/// Access tokens from the OpenID Connect provider, beside the api's own: each issuer held to its own audience and kind
/// of key, and the provider's subject turned into a user id of ours.
/// </summary>
public static class OidcTokens
{
    /// <summary>What a provider signs with: RSA and elliptic curves, never a shared secret.</summary>
    public static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384,
    ];

    /// <summary>The prefix of the user ids of people who signed in with the provider.</summary>
    public const string UserIdPrefix = "oidc-";

    /// <summary>
    /// Checks a token that passed validation: the api's own must be HMAC-signed for the api's audience; the provider's
    /// asymmetrically signed for its audience, and its caller becomes <see cref="UserIdFor"/> its subject. False (and
    /// the context failed) otherwise.
    /// </summary>
    public static bool Accept(TokenValidatedContext context, AuthOptions auth)
    {
        if (context.SecurityToken is not JsonWebToken token || context.Principal is null)
        {
            context.Fail("The token could not be read.");
            return false;
        }

        var own = token.Issuer == auth.Issuer;
        var algorithmFits = own ? token.Alg == SecurityAlgorithms.HmacSha256 : Algorithms.Contains(token.Alg);
        var audienceFits = token.Audiences.Contains(own ? auth.Audience : auth.Oidc.EffectiveAudience);
        if (!algorithmFits || !audienceFits)
        {
            context.Fail("The token's issuer, audience and signature do not belong together.");
            return false;
        }

        if (own)
        {
            return true;
        }

        if (token.Subject is not { Length: > 0 } subject)
        {
            context.Fail("The token has no subject.");
            return false;
        }

        var identity = new ClaimsIdentity(context.Principal.Identity?.AuthenticationType ?? JwtBearerDefaults.AuthenticationScheme, "sub", "role");
        identity.AddClaim(new Claim("sub", UserIdFor(token.Issuer, subject)));
        if (token.TryGetPayloadValue<string>("name", out var name) && name.Length > 0)
        {
            identity.AddClaim(new Claim("name", name));
        }

        context.Principal = new ClaimsPrincipal(identity);
        return true;
    }

    /// <summary>
    /// The user id of whoever the provider calls <paramref name="subject"/>: stable, and apart from every id the api
    /// issues itself, whatever characters the provider's subjects use.
    /// </summary>
    public static string UserIdFor(string issuer, string subject)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{issuer}\n{subject}"));
        return UserIdPrefix + Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}
