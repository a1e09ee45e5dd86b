using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WaQup.Abstractions.Catalog;

namespace WaQup.Grains.Catalog;

/// <summary>
/// The <c>next_cursor</c> of <c>GET /v1/catalog</c>: base64url of a versioned text holding the walk's "as of" bound, the
/// last pack's sort key and id, and a check over all of it and the query it belongs to. A cursor edited by hand, cut
/// short, or sent with another query or sort fails the check and is refused; the check is not a secret (anyone could
/// recompute it), and need not be: any position a forged cursor names is one the caller could have paged to.
/// </summary>
public static class CatalogCursor
{
    /// <summary>Longer than any cursor this server makes (pack ids are short); a longer one is refused before decoding.</summary>
    public const int MaxLength = 512;

    private const string Version = "c1";
    private const char Separator = '|';

    public static string Encode(CatalogKey key, DateTimeOffset asOf, CatalogSort sort, string queryShape)
    {
        var body = string.Join(
            Separator,
            Version,
            ((int)sort).ToString(CultureInfo.InvariantCulture),
            asOf.UtcTicks.ToString(CultureInfo.InvariantCulture),
            key.PublishedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
            key.Plays.ToString(CultureInfo.InvariantCulture),
            key.Purchases.ToString(CultureInfo.InvariantCulture),
            key.Rating is { } rating ? BitConverter.SingleToInt32Bits(rating).ToString(CultureInfo.InvariantCulture) : "-",
            BitConverter.SingleToInt32Bits(key.Score).ToString(CultureInfo.InvariantCulture),
            key.PackId);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(body + Separator + Check(body, queryShape)));
    }

    /// <summary>The position a cursor holds, when this server made it for this same query and sort; false otherwise.</summary>
    public static bool TryDecode(string cursor, CatalogSort sort, string queryShape, out CatalogKey key, out DateTimeOffset asOf)
    {
        key = null!;
        asOf = default;
        if (cursor.Length is 0 or > MaxLength || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var cut = text.LastIndexOf(Separator);
        if (cut < 0 || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(text[(cut + 1)..]), Encoding.ASCII.GetBytes(Check(text[..cut], queryShape))))
        {
            return false;
        }

        var parts = text[..cut].Split(Separator, 9);
        if (parts is not [Version, var sortText, var asOfText, var publishedText, var playsText, var purchasesText, var ratingText, var scoreText, var packId]
            || sortText != ((int)sort).ToString(CultureInfo.InvariantCulture)
            || !long.TryParse(asOfText, NumberStyles.None, CultureInfo.InvariantCulture, out var asOfTicks)
            || !long.TryParse(publishedText, NumberStyles.None, CultureInfo.InvariantCulture, out var publishedTicks)
            || !long.TryParse(playsText, NumberStyles.None, CultureInfo.InvariantCulture, out var plays)
            || !long.TryParse(purchasesText, NumberStyles.None, CultureInfo.InvariantCulture, out var purchases)
            || !int.TryParse(scoreText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var scoreBits)
            || asOfTicks > DateTimeOffset.MaxValue.UtcTicks
            || publishedTicks > DateTimeOffset.MaxValue.UtcTicks
            || packId.Length == 0)
        {
            return false;
        }

        float? rating = null;
        if (ratingText != "-")
        {
            if (!int.TryParse(ratingText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ratingBits))
            {
                return false;
            }

            rating = BitConverter.Int32BitsToSingle(ratingBits);
        }

        asOf = new DateTimeOffset(asOfTicks, TimeSpan.Zero);
        key = new CatalogKey(packId, new DateTimeOffset(publishedTicks, TimeSpan.Zero), plays, purchases, rating, BitConverter.Int32BitsToSingle(scoreBits));
        return true;
    }

    private static string Check(string body, string queryShape) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body + "\n" + queryShape)).AsSpan(0, 12));
}
