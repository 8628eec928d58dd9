using System.Text.Json.Nodes;

namespace LlmWorkbook.Display;

/// <summary>A line through (x, y) points, optionally with a marker on each point.</summary>
public sealed record LineTrace(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Markers) : ChartTrace
{
    internal override JsonObject ToPlotly() => new()
    {
        ["type"] = "scatter",
        ["mode"] = Markers ? "lines+markers" : "lines",
        ["name"] = Name,
        ["x"] = Numbers(X),
        ["y"] = Numbers(Y),
    };
}
