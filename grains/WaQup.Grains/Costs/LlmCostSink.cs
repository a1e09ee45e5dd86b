using WaQup.Providers.Content.Llm;

namespace WaQup.Grains.Costs;

/// <summary>The model writers' token usage (every attempt that reported one, failed ones included), as cost records.</summary>
public sealed class LlmCostSink(CostRecorder recorder) : ILlmUsageSink
{
    // The writers name their provider for people ("OpenAI"); records and metrics use the configuration's names ("openai").
    public void Record(LlmUsage usage) =>
        recorder.Record(new CostInputs(usage.Provider.ToLowerInvariant(), usage.Model, Operation: null, usage.InputTokens, usage.OutputTokens));
}
