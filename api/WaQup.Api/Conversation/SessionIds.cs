using System.Text.RegularExpressions;

namespace WaQup.Api.Conversation;

/// <summary>Session ids: made by the server, checked before a resume touches any grain.</summary>
public static partial class SessionIds
{
    public static string New() => $"ses_{Guid.NewGuid():N}";

    public static bool IsValid(string id) => Pattern().IsMatch(id);

    [GeneratedRegex("^ses_[0-9a-f]{32}$")]
    private static partial Regex Pattern();
}
