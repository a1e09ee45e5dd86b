using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace WaQup.Api.Rest;

/// <summary>
/// The <c>before</c> cursor of <c>GET /v1/me/credits</c>: a ledger position, wrapped so that clients treat it as opaque
/// (base64url of a versioned text) and the server may change what it holds.
/// </summary>
public static class LedgerCursor
{
    /// <summary>Longer than any cursor this server makes; a longer one is refused before it is decoded.</summary>
    public const int MaxLength = 64;

    private const string Prefix = "p1:";

    public static string Encode(long position) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + position.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The position a cursor holds; false for anything this server did not make.</summary>
    public static bool TryDecode(string cursor, out long position)
    {
        position = 0;
        if (cursor.Length is 0 or > MaxLength || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(Prefix, StringComparison.Ordinal)
               && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out position)
               && position > 0;
    }
}
