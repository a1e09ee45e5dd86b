using System.Globalization;

namespace WaQup.Providers.Content.Llm;

/// <summary>Reads how long a provider asked us to wait: retry-after-ms, or Retry-After in seconds or as an HTTP date.</summary>
internal static class RetryAfter
{
    public static TimeSpan? Parse(string? milliseconds, string? value, DateTimeOffset now)
    {
        if (double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at > now ? at - now : TimeSpan.Zero;
        }

        return null;
    }
}
