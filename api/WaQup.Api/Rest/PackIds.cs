using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace WaQup.Api.Rest;

/// <summary>The shape of a pack id (<c>pk_</c> and 32 hex digits), checked before any grain is touched, and how one is made.</summary>
public static partial class PackIds
{
    public static bool IsValid(string id) => Pattern().IsMatch(id);

    /// <summary>
    /// A new pack's id: random, or, with an Idempotency-Key, derived from the creator and the key, so that repeating
    /// the creation reaches the same pack (and another person's key never does).
    /// </summary>
    public static string New(string userId, string? idempotencyKey) =>
        idempotencyKey is null
            ? $"pk_{Guid.NewGuid():N}"
            : $"pk_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{idempotencyKey}")))[..32]}";

    [GeneratedRegex("^pk_[0-9a-f]{32}$")]
    private static partial Regex Pattern();
}
