namespace WaQup.Providers.Content;

/// <summary>One step a ritual can contain: what to do, and what to say while it is done.</summary>
/// <param name="Instruction">Reads after "Step two, " and before ", for the next minute".</param>
internal sealed record RitualStep(string Instruction, string[] Guidance);
