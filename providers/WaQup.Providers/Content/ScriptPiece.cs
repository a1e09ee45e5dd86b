namespace WaQup.Providers.Content;

/// <summary>One finished sentence to speak, followed by <paramref name="PauseAfterMs"/> of silence.</summary>
public readonly record struct ScriptPiece(string Text, int PauseAfterMs);
