using System.Text.Json.Nodes;

namespace LlmWorkbook.Display;

/// <summary>
/// Points at (x, y). <see cref="Labels"/>, when given, name each point in its hover box; with
/// <see cref="ShowLabels"/> they are also written above the points.
/// </summary>
public sealed record ScatterTrace(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<string>? Labels, bool ShowLabels)
    : ChartTrace
{
    internal override JsonObject ToPlotly()
    {
        var trace = new JsonObject
        {
            ["type"] = "scatter",
            ["mode"] = ShowLabels && Labels is not null ? "markers+text" : "markers",
            ["name"] = Name,
            ["x"] = Numbers(X),
            ["y"] = Numbers(Y),
        };
        if (Labels is not null)
        {
            trace["text"] = Strings(Labels);
            if (ShowLabels)
            {
                trace["textposition"] = "top center";
            }
        }
        return trace;
    }
}
