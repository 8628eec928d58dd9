using System.Text.Json.Nodes;

namespace LlmWorkbook.Display;

/// <summary>One bar per category. Several bar traces in a chart stand side by side in each category.</summary>
public sealed record BarTrace(string Name, IReadOnlyList<string> Categories, IReadOnlyList<double> Values) : ChartTrace
{
    internal override JsonObject ToPlotly() => new()
    {
        ["type"] = "bar",
        ["name"] = Name,
        ["x"] = Strings(Categories),
        ["y"] = Numbers(Values),
    };
}
