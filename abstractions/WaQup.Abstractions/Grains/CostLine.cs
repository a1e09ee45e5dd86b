namespace WaQup.Abstractions.Grains;

/// <summary>The provider calls of one kind (provider, model, operation; empty where the report does not split by it) and what they cost.</summary>
[GenerateSerializer, Immutable, Alias("waqup.CostLine")]
public sealed record CostLine(
    string Provider,
    string Model,
    string Operation,
    long Calls,
    long InputTokens,
    long OutputTokens,
    long Characters,
    double AudioSeconds,
    decimal Cost,
    decimal RitualCost,
    string Currency);
