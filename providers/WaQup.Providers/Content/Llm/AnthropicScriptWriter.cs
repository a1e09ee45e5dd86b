using Microsoft.Extensions.Logging;

namespace WaQup.Providers.Content.Llm;

/// <summary>Writes scripts with an Anthropic Claude model, streamed and handed on sentence by sentence.</summary>
public sealed class AnthropicScriptWriter : IScriptWriter, IDisposable
{
    private readonly BuiltInScriptWriter _titles = new();
    private readonly AnthropicTextSource _source;
    private readonly LlmScriptStream _stream;

    public AnthropicScriptWriter(AnthropicContentOptions options, ILlmUsageSink? usage = null, ILogger<AnthropicScriptWriter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new ArgumentException("The Anthropic script writer needs an API key (ANTHROPIC_API_KEY).", nameof(options));
        }

        _source = new AnthropicTextSource(options);
        _stream = new LlmScriptStream(_source, options.Resilience, usage, logger);
    }

    // TitleFor is synchronous, and a title must not wait on a network call: the built-in writer's titles are used.
    public string TitleFor(RitualSpec spec) => _titles.TitleFor(spec);

    public IAsyncEnumerable<ScriptPiece> WriteAsync(RitualSpec spec, CancellationToken cancellationToken) =>
        _stream.WriteAsync(spec, cancellationToken);

    public void Dispose() => _source.Dispose();
}
