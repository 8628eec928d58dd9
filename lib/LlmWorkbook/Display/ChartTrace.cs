using System.Text.Json.Nodes;

namespace LlmWorkbook.Display;

/// <summary>One data series of a <see cref="Chart"/>: a line, points, bars or a heatmap.</summary>
public abstract record ChartTrace
{
    private protected ChartTrace()
    {
    }

    /// <summary>The trace as a plotly.js trace object (an element of the figure's <c>data</c> array).</summary>
    internal abstract JsonObject ToPlotly();

    /// <summary>Numbers as a JSON array; NaN and infinities become null, which plotly.js draws as a gap.</summary>
    internal static JsonArray Numbers(IEnumerable<double> values) =>
        new(values.Select(v => double.IsFinite(v) ? JsonValue.Create(v) : null).ToArray<JsonNode?>());

    internal static JsonArray Strings(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
