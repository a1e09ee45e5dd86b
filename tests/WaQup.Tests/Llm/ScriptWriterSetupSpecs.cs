using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WaQup.Providers.Content;
using WaQup.Providers.Content.Llm;

namespace WaQup.Tests.Llm;

/// <summary>The script writer is chosen once, from configuration, and a chosen provider must have its key.</summary>
public sealed class ScriptWriterSetupSpecs
{
    private static IScriptWriter Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddScriptWriter(configuration).BuildServiceProvider().GetRequiredService<IScriptWriter>();
    }

    private static ISlotExtractor Extractor(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddScriptWriter(configuration).AddSlotExtractor(configuration)
            .BuildServiceProvider().GetRequiredService<ISlotExtractor>();
    }

    [Fact]
    public void Requests_are_read_by_the_model_that_writes_unless_the_built_in_rules_are_chosen()
    {
        Assert.IsType<BuiltInSlotExtractor>(Extractor([]));
        Assert.IsType<LlmSlotExtractor>(Extractor(new() { ["OPENAI_API_KEY"] = Scripts.ApiKey }));
        Assert.IsType<LlmSlotExtractor>(Extractor(new() { ["Content:Provider"] = "anthropic", ["ANTHROPIC_API_KEY"] = Scripts.ApiKey }));
        Assert.IsType<BuiltInSlotExtractor>(Extractor(new() { ["OPENAI_API_KEY"] = Scripts.ApiKey, ["Content:Extraction"] = "builtin" }));
        Assert.IsType<BuiltInSlotExtractor>(Extractor(new() { ["Content:Provider"] = "loadtest" }));
        var error = Assert.Throws<InvalidOperationException>(() => Extractor(new() { ["Content:Extraction"] = "regex" }));
        Assert.Contains("Content:Extraction is 'regex'", error.Message);
    }

    [Fact]
    public void The_built_in_writer_is_the_default()
    {
        Assert.IsType<BuiltInScriptWriter>(Resolve([]));
    }

    [Fact]
    public void Without_a_chosen_provider_the_keys_present_choose_the_real_one()
    {
        Assert.IsType<OpenAiScriptWriter>(Resolve(new() { ["OPENAI_API_KEY"] = Scripts.ApiKey }));
        Assert.IsType<AnthropicScriptWriter>(Resolve(new() { ["ANTHROPIC_API_KEY"] = Scripts.ApiKey }));
        Assert.IsType<BuiltInScriptWriter>(Resolve(new() { ["Content:Provider"] = "builtin", ["OPENAI_API_KEY"] = Scripts.ApiKey }));
    }

    [Fact]
    public void OpenAi_and_Anthropic_are_chosen_by_name_with_their_keys_from_the_environment()
    {
        Assert.IsType<OpenAiScriptWriter>(Resolve(new() { ["Content:Provider"] = "openai", ["OPENAI_API_KEY"] = Scripts.ApiKey, ["Content:OpenAi:Model"] = "gpt-4.1-mini" }));
        Assert.IsType<AnthropicScriptWriter>(Resolve(new() { ["Content:Provider"] = "Anthropic", ["ANTHROPIC_API_KEY"] = Scripts.ApiKey }));
    }

    [Fact]
    public void A_chosen_provider_without_its_key_stops_startup()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolve(new() { ["Content:Provider"] = "openai" }));
        Assert.Contains("OPENAI_API_KEY", error.Message);
        Assert.Throws<InvalidOperationException>(() => Resolve(new() { ["Content:Provider"] = "gpt" }));
    }

    [Fact]
    public void Settings_bind_from_configuration_and_printing_them_never_shows_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Content:Provider"] = "openai",
            ["OPENAI_API_KEY"] = Scripts.ApiKey,
            ["Content:OpenAi:Model"] = "gpt-4.1-mini",
            ["Content:OpenAi:Resilience:MaxRetries"] = "5",
        }).Build();
        var options = new ServiceCollection().AddScriptWriter(configuration).BuildServiceProvider().GetRequiredService<OpenAiContentOptions>();

        Assert.Equal("gpt-4.1-mini", options.Model);
        Assert.Equal(5, options.Resilience.MaxRetries);
        Assert.Equal(Scripts.ApiKey, options.ApiKey);
        Assert.DoesNotContain(Scripts.ApiKey, options.ToString());
        Assert.DoesNotContain(Scripts.ApiKey, new AnthropicContentOptions { ApiKey = Scripts.ApiKey }.ToString());
    }
}
