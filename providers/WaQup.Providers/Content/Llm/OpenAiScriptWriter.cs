using Microsoft.Extensions.Logging;

namespace WaQup.Providers.Content.Llm;

/// <summary>Writes scripts with an OpenAI chat model, streamed and handed on sentence by sentence.</summary>
public sealed class OpenAiScriptWriter : IScriptWriter
{
    private readonly BuiltInScriptWriter _titles = new();
    private readonly LlmScriptStream _stream;

    public OpenAiScriptWriter(OpenAiContentOptions options, ILlmUsageSink? usage = null, ILogger<OpenAiScriptWriter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new ArgumentException("The OpenAI script writer needs an API key (OPENAI_API_KEY).", nameof(options));
        }

        _stream = new LlmScriptStream(new OpenAiTextSource(options), options.Resilience, usage, logger);
    }

    // TitleFor is synchronous, and a title must not wait on a network call: the built-in writer's titles are used.
    public string TitleFor(RitualSpec spec) => _titles.TitleFor(spec);

    public IAsyncEnumerable<ScriptPiece> WriteAsync(RitualSpec spec, CancellationToken cancellationToken) =>
        _stream.WriteAsync(spec, cancellationToken);
}
