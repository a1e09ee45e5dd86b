namespace WaQup.Providers.Content.Llm;

/// <summary>A question a model must answer with one JSON object of a given shape (structured output, or a forced tool call).</summary>
/// <param name="Name">The schema's (or tool's) name, such as <c>record_ritual_request</c>.</param>
/// <param name="Description">What the object records, for the model.</param>
/// <param name="Schema">A JSON schema: an object whose properties are all required, nullable where they may be unknown, with nothing else allowed.</param>
public sealed record StructuredPrompt(string System, string User, string Name, string Description, string Schema, int MaxOutputTokens);
