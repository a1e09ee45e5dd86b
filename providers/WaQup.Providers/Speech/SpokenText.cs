using System.Text;

namespace WaQup.Providers.Speech;

/// <summary>The text an embedded synthesiser is given to say.</summary>
internal static class SpokenText
{
    /// <summary>
    /// Control characters become spaces (sentences come from a language model; they could otherwise reach a
    /// synthesiser's embedded commands or end a C string early), and the ends are trimmed; "" means nothing to say.
    /// </summary>
    public static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString().Trim();
    }
}
