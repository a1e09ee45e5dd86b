namespace WaQup.Providers.Content;

/// <summary>Numbers as they are spoken: written out for the script, read back from what people say.</summary>
internal static class NumberWords
{
    private static readonly string[] Units =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    /// <summary>Every spoken form the extractor accepts, longest first so "twenty five" wins over "twenty".</summary>
    public static IReadOnlyList<string> SpokenForms { get; } = BuildSpokenForms();

    public static string Cardinal(int n)
    {
        if (n is < 0 or > 99)
        {
            return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (n < 20)
        {
            return Units[n];
        }

        return n % 10 == 0 ? Tens[n / 10] : $"{Tens[n / 10]}-{Units[n % 10]}";
    }

    /// <summary>Reads "7", "seven", "twenty five", "twenty-five", "a" or "an"; null when it is not a number.</summary>
    public static int? Parse(string text)
    {
        var words = text.Trim().ToLowerInvariant().Replace('-', ' ');
        if (int.TryParse(words, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var digits))
        {
            return digits;
        }

        if (words is "a" or "an" or "a single" or "single")
        {
            return 1;
        }

        if (words is "a couple of" or "a couple" or "couple of" or "couple")
        {
            return 2;
        }

        if (words is "a few" or "few")
        {
            return 3;
        }

        var total = 0;
        foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var unit = Array.IndexOf(Units, word);
            var ten = Array.IndexOf(Tens, word);
            if (unit >= 0 && total % 10 == 0 && (total == 0 || unit < 10))
            {
                total += unit;
            }
            else if (ten >= 2 && total == 0)
            {
                total = ten * 10;
            }
            else
            {
                return null;
            }
        }

        return total;
    }

    private static List<string> BuildSpokenForms()
    {
        var forms = new List<string>();
        for (var n = 0; n <= 99; n++)
        {
            forms.Add(Cardinal(n).Replace('-', ' '));
        }

        forms.AddRange(["a couple of", "a couple", "couple of", "a few", "a single", "an", "a"]);
        return [.. forms.OrderByDescending(f => f.Length)];
    }
}
