using WaQup.Grains.Costs;

namespace WaQup.Tests.Costs;

public sealed class PriceTableSpecs
{
    [Fact]
    public void Tokens_are_priced_per_million_characters_per_thousand_and_audio_per_hour()
    {
        var prices = new PriceTable(new CostOptions
        {
            Prices =
            {
                ["model"] = new ProviderPrice { InputPerMillionTokens = 2m, OutputPerMillionTokens = 8m },
                ["voice"] = new ProviderPrice { PerThousandCharacters = 0.3m, PerAudioHour = 36m },
            },
        });

        Assert.Equal(0.0002m + 0.0004m, prices.CostOf(new CostInputs("model", "m", null, InputTokens: 100, OutputTokens: 50)));
        Assert.Equal(0.03m + 0.1m, prices.CostOf(new CostInputs("voice", "v", null, Characters: 100, AudioSeconds: 10)));
    }

    [Fact]
    public void A_models_price_replaces_its_providers_and_an_unknown_provider_costs_nothing()
    {
        var prices = new PriceTable(new CostOptions
        {
            Prices =
            {
                ["openai"] = new ProviderPrice
                {
                    InputPerMillionTokens = 1m,
                    Models = { ["big"] = new ProviderPrice { InputPerMillionTokens = 10m } },
                },
            },
        });

        Assert.Equal(0.000001m, prices.CostOf(new CostInputs("openai", "small", null, InputTokens: 1)));
        Assert.Equal(0.00001m, prices.CostOf(new CostInputs("openai", "BIG", null, InputTokens: 1)));
        Assert.Equal(0m, prices.CostOf(new CostInputs("nobody", "", null, InputTokens: 1_000_000)));
    }

    [Fact]
    public void Embedded_providers_cost_nothing_by_default_and_anthropic_is_priced()
    {
        var prices = new PriceTable(new CostOptions());

        Assert.Equal(0m, prices.CostOf(new CostInputs("flite", "slt", null, Characters: 500, AudioSeconds: 60)));
        Assert.Equal(0m, prices.CostOf(new CostInputs("pocketsphinx", "", null, AudioSeconds: 60)));
        Assert.Equal(6m, prices.CostOf(new CostInputs("anthropic", "claude-haiku-4-5", null, InputTokens: 1_000_000, OutputTokens: 1_000_000)));
    }

    [Fact]
    public void A_negative_price_stops_the_node_at_start()
    {
        var options = new CostOptions { Prices = { ["openai"] = new ProviderPrice { PerAudioHour = -1m } } };

        var refused = Assert.Throws<InvalidOperationException>(() => new PriceTable(options));
        Assert.Contains("openai", refused.Message, StringComparison.Ordinal);
    }
}
