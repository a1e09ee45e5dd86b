using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;

namespace WaQup.Grains.Configuration;

/// <summary>Prices in credits: per kind, a base plus a rate per minute, rounded up. Section <c>Pricing</c>.</summary>
public sealed class PricingOptions
{
    public KindPrice Affirmation { get; set; } = new() { BaseCredits = 1, PerMinuteCredits = 0.2m };
    public KindPrice Meditation { get; set; } = new() { BaseCredits = 1, PerMinuteCredits = 0.4m };
    public KindPrice Ritual { get; set; } = new() { BaseCredits = 1, PerMinuteCredits = 0.3m };

    public int PriceFor(RitualKind kind, int minutes)
    {
        var price = kind switch
        {
            RitualKind.Affirmation => Affirmation,
            RitualKind.Meditation => Meditation,
            _ => Ritual,
        };
        return (int)Math.Ceiling(price.BaseCredits + price.PerMinuteCredits * minutes);
    }

    /// <summary>The price of one kind of ritual.</summary>
    public sealed class KindPrice
    {
        public decimal BaseCredits { get; set; }
        public decimal PerMinuteCredits { get; set; }
    }
}
