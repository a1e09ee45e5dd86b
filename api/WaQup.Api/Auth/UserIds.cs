using System.Security.Claims;
using System.Text.RegularExpressions;

namespace WaQup.Api.Auth;

/// <summary>What a user id may look like, and where to find it in a request.</summary>
public static partial class UserIds
{
    public static bool IsValid(string? userId) => userId is not null && Pattern().IsMatch(userId);

    /// <summary>The authenticated caller's id (the token's <c>sub</c>).</summary>
    public static string Of(ClaimsPrincipal user) =>
        user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("An authenticated request has no subject.");

    /// <summary>The name the caller's token gives them (its <c>name</c> claim), if any.</summary>
    public static string? NameClaim(ClaimsPrincipal user) => (user.FindFirstValue("name") ?? user.FindFirstValue(ClaimTypes.Name)) is { Length: > 0 } name ? name : null;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")]
    private static partial Regex Pattern();
}
