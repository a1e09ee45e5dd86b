namespace WaQup.Load;

/// <summary>The server did something the script does not allow: an unexpected error, or a broken protocol rule.</summary>
public sealed class ScriptFailure(string message) : Exception(message);
