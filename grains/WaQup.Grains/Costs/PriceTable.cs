namespace WaQup.Grains.Costs;

/// <summary>The configured prices, looked up by provider and model.</summary>
public sealed class PriceTable
{
    private readonly Dictionary<string, ProviderPrice> _prices;

    public PriceTable(CostOptions options)
    {
        options.Validate();
        Currency = options.Currency;
        _prices = new Dictionary<string, ProviderPrice>(Defaults(), StringComparer.OrdinalIgnoreCase);
        foreach (var (provider, price) in options.Prices)
        {
            _prices[provider] = price;
        }
    }

    public string Currency { get; }

    /// <summary>
    /// List prices in US dollars as published in 2025, per provider across its models (a call has only the inputs of
    /// its kind: tokens for a model, characters for speech, audio for transcription). Approximations to be replaced
    /// with the account's own through <c>Costs:Prices</c>. The embedded providers cost nothing here; give them a
    /// <c>PerAudioHour</c> to count the processor time they take.
    /// </summary>
    public static Dictionary<string, ProviderPrice> Defaults() => new(StringComparer.OrdinalIgnoreCase)
    {
        // gpt-4o-mini text; tts-1's 15 per million characters; gpt-4o-mini-transcribe's 0.003 a minute.
        ["openai"] = new() { InputPerMillionTokens = 0.15m, OutputPerMillionTokens = 0.60m, PerThousandCharacters = 0.015m, PerAudioHour = 0.18m },
        // claude-haiku-4-5.
        ["anthropic"] = new() { InputPerMillionTokens = 1.00m, OutputPerMillionTokens = 5.00m },
        // Flash v2.5 at a business plan's rate; plans differ a lot.
        ["elevenlabs"] = new() { PerThousandCharacters = 0.05m },
        ["flite"] = new(),
        ["espeak"] = new(),
        ["pocketsphinx"] = new(),
    };

    /// <summary>The estimated cost of one call: the model's price when one is set, else the provider's, else nothing.</summary>
    public decimal CostOf(in CostInputs inputs)
    {
        if (!_prices.TryGetValue(inputs.Provider, out var price))
        {
            return 0m;
        }

        return price.Models.TryGetValue(inputs.Model, out var model) ? model.CostOf(inputs) : price.CostOf(inputs);
    }
}
