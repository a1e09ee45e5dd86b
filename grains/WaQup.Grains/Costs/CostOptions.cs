namespace WaQup.Grains.Costs;

/// <summary>Section <c>Costs</c>: the price table and how cost records are written.</summary>
public sealed class CostOptions
{
    /// <summary>The currency of every price, and of the estimated costs (a label: nothing is converted).</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// Prices by provider name (openai, anthropic, elevenlabs, flite, espeak, pocketsphinx, ...): an entry here replaces
    /// the built-in one of that provider (<see cref="PriceTable.Defaults"/>). A provider without one costs nothing.
    /// </summary>
    public Dictionary<string, ProviderPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long records wait to be written with others: what a silo that crashes can lose.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Records written in one statement at most.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Records held while the database cannot take them; past this, new ones are counted as dropped.</summary>
    public int MaxPending { get; set; } = 100_000;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Currency))
        {
            throw new InvalidOperationException("Costs:Currency must be set (e.g. USD).");
        }

        if (FlushInterval <= TimeSpan.Zero || BatchSize < 1 || MaxPending < BatchSize)
        {
            throw new InvalidOperationException("Costs:FlushInterval must be positive, Costs:BatchSize at least 1 and Costs:MaxPending at least the batch size.");
        }

        var negative = Prices.Where(p => IsNegative(p.Value) || p.Value.Models.Values.Any(IsNegative)).Select(p => p.Key).ToList();
        if (negative.Count > 0)
        {
            throw new InvalidOperationException($"Costs:Prices of {string.Join(", ", negative)} must not be negative.");
        }
    }

    private static bool IsNegative(ProviderPrice price) =>
        price.InputPerMillionTokens < 0 || price.OutputPerMillionTokens < 0 || price.PerThousandCharacters < 0 || price.PerAudioHour < 0;
}
