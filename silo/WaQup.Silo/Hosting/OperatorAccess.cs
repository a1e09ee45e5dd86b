using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using WaQup.Api.Auth;
using WaQup.Api.Rest;

namespace WaQup.Silo.Hosting;

/// <summary>Who may open the operators' pages. Section <c>Operators</c>; the password only from the environment.</summary>
public sealed class OperatorOptions
{
    public string Username { get; set; } = "operator";

    /// <summary>At least 12 characters (<c>WAQUP_Operators__Password</c>); without it the dashboard is not served.</summary>
    public string? Password { get; set; }
}

/// <summary>
/// The Orleans Dashboard at <c>/dashboard</c>, behind HTTP Basic authentication for operators: a browser asks for the
/// credentials itself, which a bearer token (the api's users) cannot do for a page and its scripts.
/// </summary>
public static class OperatorAccess
{
    public const string Scheme = "Operator";
    public const string Policy = OperatorPolicy.Name;
    public const string DashboardPath = "/dashboard";

    public static WebApplicationBuilder AddWaQupOperatorAccess(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<OperatorOptions>(builder.Configuration.GetSection("Operators"));
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, OperatorBasicHandler>(Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>Whether the operators' pages are served: only with a password of at least 12 characters.</summary>
    public static bool DashboardServed(IConfiguration configuration) =>
        configuration["Operators:Password"] is { Length: >= 12 };

    /// <summary>
    /// The dashboard's collectors, in every silo of a cluster that serves the dashboard (the password is the cluster's
    /// setting); the live log stream stays off (it would show users' text). Without the dashboard there are no
    /// collectors: its profiler times every grain call, for nobody.
    /// </summary>
    public static ISiloBuilder AddWaQupDashboard(this ISiloBuilder silo) => silo.AddDashboard(options => options.HideTrace = true);

    public static WebApplication MapWaQupOperatorPages(this WebApplication app)
    {
        if (!DashboardServed(app.Configuration))
        {
            app.Logger.LogInformation("The Orleans Dashboard is off: set Operators:Password (12+ characters) to serve it at {Path}", DashboardPath);
            return app;
        }

        app.MapOrleansDashboard(DashboardPath).RequireAuthorization(Policy);
        return app;
    }
}

/// <summary>HTTP Basic against the one operator account, compared in constant time.</summary>
public sealed class OperatorBasicHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<OperatorOptions> operators) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("malformed Basic credentials"));
        }

        var separator = decoded.IndexOf(':', StringComparison.Ordinal);
        var expected = operators.Value;
        if (separator < 0 || expected.Password is not { Length: >= 12 }
            || !(Same(decoded[..separator], expected.Username) & Same(decoded[(separator + 1)..], expected.Password)))
        {
            return Task.FromResult(AuthenticateResult.Fail("wrong operator credentials"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, expected.Username), new Claim(ClaimTypes.Role, "operator")], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"waqup operators\", charset=\"UTF-8\"";
        return Problems.WriteAsync(Response, StatusCodes.Status401Unauthorized, "Unauthorized", "Operator credentials (HTTP Basic) are required.");
    }

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
