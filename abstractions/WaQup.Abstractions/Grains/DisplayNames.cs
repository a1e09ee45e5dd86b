using System.Globalization;
using System.Text;

namespace WaQup.Abstractions.Grains;

/// <summary>What a display name may be (PROTOCOL.md v1.1, "profile"): 1 to 60 characters once spaces are tidied.</summary>
public static class DisplayNames
{
    public const int MaxLength = 60;

    /// <summary>
    /// The name with its spaces tidied (runs of white space become one space, none at the ends), or null when nothing is
    /// left, it is longer than <see cref="MaxLength"/>, or it holds control or formatting characters (which no one
    /// types in a name and which could smuggle layout into a spoken line).
    /// </summary>
    public static string? Tidy(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var tidy = new StringBuilder(raw.Length);
        var space = false;
        foreach (var c in raw.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return null;
            }

            if (space)
            {
                tidy.Append(' ');
                space = false;
            }

            tidy.Append(c);
        }

        return tidy.Length is > 0 and <= MaxLength ? tidy.ToString() : null;
    }
}
