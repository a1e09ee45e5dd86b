namespace WaQup.Providers.Content.Llm;

/// <summary>The tokens one model call used, as the provider reported them: the inputs of its cost.</summary>
public readonly record struct LlmUsage(string Provider, string Model, int InputTokens, int OutputTokens);
