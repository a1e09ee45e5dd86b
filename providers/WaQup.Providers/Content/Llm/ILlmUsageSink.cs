namespace WaQup.Providers.Content.Llm;

/// <summary>Receives the token usage of every model call that reported one, failed attempts included.</summary>
public interface ILlmUsageSink
{
    void Record(LlmUsage usage);
}
