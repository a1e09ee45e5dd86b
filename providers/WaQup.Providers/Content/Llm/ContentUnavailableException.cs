namespace WaQup.Providers.Content.Llm;

/// <summary>The script writer could not write the script; the message says why and never holds a credential.</summary>
public sealed class ContentUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
