using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WaQup.Api.Auth;
using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Web;

/// <summary>
/// Sign-in through an OpenID Connect provider: the api takes the provider's access tokens (keys from its discovery
/// document, served here by a loopback provider), turns their subject into a user id of its own, and still takes its
/// own tokens; the web app's config names the provider and says dev tokens are off.
/// </summary>
public sealed class OidcSignInTests(OidcSignInTests.Provider provider) : IClassFixture<OidcSignInTests.Provider>
{
    private const string ClientId = "waqup-web";
    private const string Subject = "google-oauth2|104522";

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_config_names_the_provider_and_the_dev_form_is_off()
    {
        using var http = provider.Api.HttpFor(null);
        var cancellationToken = TestContext.Current.CancellationToken;

        var config = await http.GetFromJsonAsync<JsonObject>("/config.json", cancellationToken);

        Assert.False((bool)config!["dev_tokens"]!);
        Assert.Equal(provider.Authority, (string?)config["oidc"]!["authority"]);
        Assert.Equal(ClientId, (string?)config["oidc"]!["client_id"]);
        Assert.Equal("openid profile", (string?)config["oidc"]!["scope"]);
        using var devToken = await http.PostAsJsonAsync("/v1/auth/dev-token", new { user_id = "someone" }, cancellationToken);
        Assert.NotEqual(HttpStatusCode.OK, devToken.StatusCode);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_providers_access_token_signs_a_person_in_under_a_user_id_of_ours_with_their_name()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var token = provider.Token(Subject, name: "Ada Lovelace");

        using var http = Bearer(token);
        var me = await http.GetFromJsonAsync<JsonObject>("/v1/me", cancellationToken);

        var userId = OidcTokens.UserIdFor(provider.Authority, Subject);
        Assert.Equal(userId, (string?)me!["user_id"]);
        Assert.StartsWith("oidc-", userId, StringComparison.Ordinal);
        Assert.Equal("Ada Lovelace", (string?)me["display_name"]);
        // The same person again, and the conversation socket too.
        var again = await Bearer(provider.Token(Subject)).GetFromJsonAsync<JsonObject>("/v1/me", cancellationToken);
        Assert.Equal(userId, (string?)again!["user_id"]);
        await using var client = await ConversationClient.ConnectAsync(provider.Api.BaseUri, token, cancellationToken);
        await client.SendAsync(new { type = "session.start" }, cancellationToken);
        await client.WaitForAsync("session.ready", Talk.Patience);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task The_apis_own_tokens_still_sign_in()
    {
        var me = await provider.Api.GetJsonAsync<JsonObject>("oidc-own-1", "/v1/me");

        Assert.Equal("oidc-own-1", (string?)me["user_id"]);
    }

    public static TheoryData<string> Refused => ["another key", "another audience", "expired", "provider issuer, api's secret", "api issuer, provider's key", "no subject", "another issuer"];

    [Theory(Timeout = TestTimeouts.Default)]
    [MemberData(nameof(Refused))]
    public async Task A_token_that_is_not_the_providers_for_this_app_is_refused(string what)
    {
        var token = what switch
        {
            "another key" => provider.Token(Subject, key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = Provider.KeyId }),
            "another audience" => provider.Token(Subject, audience: "some-other-app"),
            "expired" => provider.Token(Subject, expires: DateTime.UtcNow.AddMinutes(-5)),
            "provider issuer, api's secret" => provider.Token(Subject, key: new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Provider.ApiSigningKey)), algorithm: SecurityAlgorithms.HmacSha256),
            "api issuer, provider's key" => provider.Token("oidc-own-2", issuer: "waqup", audience: "waqup"),
            "no subject" => provider.Token(null),
            "another issuer" => provider.Token(Subject, issuer: "https://accounts.example.com"),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        using var response = await Bearer(token).GetAsync("/v1/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private HttpClient Bearer(string token)
    {
        var http = provider.Api.HttpFor(null);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A loopback OpenID Connect provider (discovery document and keys, RS256) and an api that trusts it.</summary>
    public sealed class Provider : IAsyncLifetime
    {
        public const string KeyId = "loopback-1";
        public const string ApiSigningKey = "a-test-signing-key-of-at-least-thirty-two-characters";

        private readonly RSA _rsa = RSA.Create(2048);
        private LoopbackServer? _loopback;
        private WaQupServer? _api;

        public string Authority { get; private set; } = "";

        public WaQupServer Api => _api ?? throw new InvalidOperationException("not started");

        public async ValueTask InitializeAsync()
        {
            _loopback = await LoopbackServer.StartAsync(async (context, request) =>
            {
                var path = context.Request.Path.Value;
                context.Response.ContentType = "application/json";
                if (path == "/.well-known/openid-configuration")
                {
                    await context.Response.WriteAsync(Discovery(Authority));
                }
                else if (path == "/jwks")
                {
                    await context.Response.WriteAsync(Keys());
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                }
            });
            Authority = _loopback.BaseUri.ToString().TrimEnd('/');
            _api = await WaQupServer.StartAsync(settings: new Dictionary<string, string?>
            {
                ["Auth:DevTokens"] = "false",
                ["Auth:SigningKey"] = ApiSigningKey,
                ["Auth:Oidc:Authority"] = Authority,
                ["Auth:Oidc:ClientId"] = ClientId,
                ["Auth:Oidc:RequireHttpsMetadata"] = "false",
            });
        }

        /// <summary>A token as the provider signs it, or not quite, as the arguments say.</summary>
        public string Token(string? subject, string? name = null, string? audience = null, string? issuer = null, DateTime? expires = null, SecurityKey? key = null, string algorithm = SecurityAlgorithms.RsaSha256)
        {
            var claims = new List<Claim>();
            if (subject is not null)
            {
                claims.Add(new Claim("sub", subject));
            }

            if (name is not null)
            {
                claims.Add(new Claim("name", name));
            }

            var until = expires ?? DateTime.UtcNow.AddMinutes(10);
            return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer ?? Authority,
                Audience = audience ?? ClientId,
                Subject = new ClaimsIdentity(claims),
                IssuedAt = until.AddMinutes(-20),
                NotBefore = until.AddMinutes(-20),
                Expires = until,
                SigningCredentials = new SigningCredentials(key ?? new RsaSecurityKey(_rsa) { KeyId = KeyId }, algorithm),
            });
        }

        public async ValueTask DisposeAsync()
        {
            if (_api is not null)
            {
                await _api.DisposeAsync();
            }

            if (_loopback is not null)
            {
                await _loopback.DisposeAsync();
            }

            _rsa.Dispose();
        }

        private static string Discovery(string authority) => new JsonObject
        {
            ["issuer"] = authority,
            ["jwks_uri"] = $"{authority}/jwks",
            ["authorization_endpoint"] = $"{authority}/authorize",
            ["token_endpoint"] = $"{authority}/token",
            ["response_types_supported"] = new JsonArray("code"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
        }.ToJsonString();

        private string Keys()
        {
            var key = _rsa.ExportParameters(includePrivateParameters: false);
            return new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = "RS256",
                    ["kid"] = KeyId,
                    ["n"] = Base64UrlEncoder.Encode(key.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(key.Exponent),
                }),
            }.ToJsonString();
        }
    }
}
