namespace WaQup.Providers.Content;

/// <summary>One sentence of a built-in script with the section it belongs to, so its shape can be inspected.</summary>
/// <param name="Step">The ritual step, counted from 1, for <see cref="ScriptSection.Step"/>; otherwise 0.</param>
public sealed record PlannedPiece(ScriptSection Section, int Step, ScriptPiece Piece);
