namespace WaQup.Bench;

/// <summary>One line of the results table: a measured figure beside its target, when it has one.</summary>
public sealed record BenchRow(string Benchmark, string Measure, string Figure, string Target = "", bool? Met = null);
