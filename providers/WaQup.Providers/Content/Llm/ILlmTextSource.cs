namespace WaQup.Providers.Content.Llm;

/// <summary>One provider's streaming text API, reduced to what a script needs: text deltas, and what went wrong.</summary>
internal interface ILlmTextSource
{
    string Provider { get; }

    string Model { get; }

    /// <summary>Streams the model's answer to <paramref name="prompt"/>, recording usage and completion in <paramref name="attempt"/>.</summary>
    IAsyncEnumerable<string> StreamAsync(ScriptPrompt prompt, LlmAttempt attempt, CancellationToken cancellationToken);

    /// <summary>
    /// Asks for one JSON object shaped by <paramref name="prompt"/>'s schema, in one call without streaming; the object's
    /// text, or null when the model declined (a refusal, no tool call). Usage is recorded in <paramref name="attempt"/>.
    /// </summary>
    Task<string?> AskForObjectAsync(StructuredPrompt prompt, LlmAttempt attempt, CancellationToken cancellationToken);

    /// <summary>Turns an SDK failure into one that says whether to retry, and what to tell people.</summary>
    LlmCallException Describe(Exception error, LlmAttempt attempt);
}
