namespace WaQup.Grains.Costs;

/// <summary>
/// What one provider call consumed, in the units providers bill by. <see cref="Operation"/> null: the current
/// <see cref="Abstractions.Costs.CostScope"/>'s, else script (a model call).
/// </summary>
public readonly record struct CostInputs(
    string Provider,
    string Model,
    string? Operation,
    long InputTokens = 0,
    long OutputTokens = 0,
    long Characters = 0,
    double AudioSeconds = 0);
