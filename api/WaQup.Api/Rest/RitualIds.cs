using System.Text.RegularExpressions;

namespace WaQup.Api.Rest;

/// <summary>The shape of a ritual id (<c>rit_</c> and 32 hex digits), checked before any grain is touched.</summary>
public static partial class RitualIds
{
    public static bool IsValid(string id) => Pattern().IsMatch(id);

    [GeneratedRegex("^rit_[0-9a-f]{32}$")]
    private static partial Regex Pattern();
}
