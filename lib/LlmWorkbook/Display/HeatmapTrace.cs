using System.Text.Json.Nodes;

namespace LlmWorkbook.Display;

/// <summary>A matrix of values as coloured cells; <see cref="Rows"/>[i][j] is the cell in row i, column j, row 0 at the top.</summary>
public sealed record HeatmapTrace(IReadOnlyList<IReadOnlyList<double>> Rows, IReadOnlyList<string> ColumnLabels, IReadOnlyList<string> RowLabels)
    : ChartTrace
{
    internal override JsonObject ToPlotly() => new()
    {
        ["type"] = "heatmap",
        ["z"] = new JsonArray(Rows.Select(row => (JsonNode?)Numbers(row)).ToArray()),
        ["x"] = Strings(ColumnLabels),
        ["y"] = Strings(RowLabels),
    };
}
