namespace WaQup.Grains.Costs;

/// <summary>
/// What a provider charges, in <see cref="CostOptions.Currency"/>: per million input and output tokens, per thousand
/// characters spoken, per hour of audio (spoken or heard). <see cref="Models"/> overrides the whole price for a model.
/// </summary>
public sealed class ProviderPrice
{
    public decimal InputPerMillionTokens { get; set; }

    public decimal OutputPerMillionTokens { get; set; }

    public decimal PerThousandCharacters { get; set; }

    public decimal PerAudioHour { get; set; }

    public Dictionary<string, ProviderPrice> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public decimal CostOf(in CostInputs inputs) =>
        inputs.InputTokens * InputPerMillionTokens / 1_000_000m
        + inputs.OutputTokens * OutputPerMillionTokens / 1_000_000m
        + inputs.Characters * PerThousandCharacters / 1_000m
        + (decimal)inputs.AudioSeconds * PerAudioHour / 3_600m;
}
