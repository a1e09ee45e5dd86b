namespace WaQup.Load;

/// <summary>One line of a chart: its legend name, its CSS colour, and its points in data units.</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points);
