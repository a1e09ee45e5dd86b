namespace WaQup.Bench;

/// <summary>A sentence of the recognition benchmark and the voice that says it; <see cref="Free"/> when it is said freely.</summary>
public sealed record TakeLine(string Text, string Voice, bool Free);
