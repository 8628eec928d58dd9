using System.Collections.Immutable;
using System.Numerics;
using System.Text.Json.Nodes;

namespace LlmWorkbook.Display;

/// <summary>
/// A chart for a notebook cell: a title, axis titles and data series (lines, points, bars, a heatmap), written as a
/// plotly.js figure. Immutable: each <c>Add…</c> returns a new chart. Renders as HTML through
/// <see cref="NotebookFormatters.Register"/>, which draws it with the plotly.js that setup fetched, so no network is needed.
/// <code>
/// new Chart("Loss", xAxisTitle: "step", yAxisTitle: "loss").AddLine("training", steps, losses)
/// </code>
/// </summary>
public sealed class Chart
{
    private readonly ImmutableList<ChartTrace> _traces;

    /// <summary>An empty chart with a title and, optionally, axis titles.</summary>
    public Chart(string title, string? xAxisTitle = null, string? yAxisTitle = null)
        : this(title, xAxisTitle, yAxisTitle, [])
    {
        ArgumentNullException.ThrowIfNull(title);
    }

    private Chart(string title, string? xAxisTitle, string? yAxisTitle, ImmutableList<ChartTrace> traces)
    {
        Title = title;
        XAxisTitle = xAxisTitle;
        YAxisTitle = yAxisTitle;
        _traces = traces;
    }

    public string Title { get; }

    public string? XAxisTitle { get; }

    public string? YAxisTitle { get; }

    /// <summary>The data series, in the order they were added (and drawn).</summary>
    public IReadOnlyList<ChartTrace> Traces => _traces;

    /// <summary>Adds a line through the points (x[i], y[i]).</summary>
    /// <param name="name">The line's name in the legend.</param>
    /// <param name="x">The x values, one per point.</param>
    /// <param name="y">The y values, one per point.</param>
    /// <param name="markers">Also draw a marker on each point (useful when the points are few).</param>
    public Chart AddLine<TX, TY>(string name, IEnumerable<TX> x, IEnumerable<TY> y, bool markers = false)
        where TX : INumberBase<TX>
        where TY : INumberBase<TY>
    {
        ArgumentNullException.ThrowIfNull(name);
        var (xs, ys) = Points(x, y);
        return With(new LineTrace(name, xs, ys, markers));
    }

    /// <summary>Adds points at (x[i], y[i]).</summary>
    /// <param name="name">The points' name in the legend.</param>
    /// <param name="x">The x values, one per point.</param>
    /// <param name="y">The y values, one per point.</param>
    /// <param name="labels">One label per point, shown when the pointer is over it (optional).</param>
    /// <param name="showLabels">Also write the labels above the points.</param>
    public Chart AddScatter<TX, TY>(string name, IEnumerable<TX> x, IEnumerable<TY> y, IEnumerable<string>? labels = null, bool showLabels = false)
        where TX : INumberBase<TX>
        where TY : INumberBase<TY>
    {
        ArgumentNullException.ThrowIfNull(name);
        var (xs, ys) = Points(x, y);
        IReadOnlyList<string>? texts = labels?.ToImmutableArray();
        if (texts is not null && texts.Count != xs.Length)
        {
            throw new ArgumentException($"{texts.Count} labels for {xs.Length} points: give one label per point.", nameof(labels));
        }
        if (showLabels && texts is null)
        {
            throw new ArgumentException("showLabels needs labels.", nameof(showLabels));
        }
        return With(new ScatterTrace(name, xs, ys, texts, showLabels));
    }

    /// <summary>Adds one bar per category; bars of several calls stand side by side.</summary>
    public Chart AddBars<T>(string name, IEnumerable<string> categories, IEnumerable<T> values)
        where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(values);
        var labels = categories.ToImmutableArray();
        var heights = values.Select(double.CreateChecked).ToImmutableArray();
        if (labels.Length != heights.Length)
        {
            throw new ArgumentException($"{heights.Length} values for {labels.Length} categories: give one value per category.", nameof(values));
        }
        return With(new BarTrace(name, labels, heights));
    }

    /// <summary>
    /// Adds a heatmap of a matrix given row by row, drawn as a matrix is written: row 0 at the top.
    /// </summary>
    public Chart AddHeatmap<T>(IEnumerable<IEnumerable<T>> rows, IEnumerable<string> columnLabels, IEnumerable<string> rowLabels)
        where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columnLabels);
        ArgumentNullException.ThrowIfNull(rowLabels);
        var matrix = rows.Select(row => (IReadOnlyList<double>)row.Select(double.CreateChecked).ToImmutableArray()).ToImmutableArray();
        var columns = columnLabels.ToImmutableArray();
        var rowNames = rowLabels.ToImmutableArray();
        if (matrix.Length != rowNames.Length)
        {
            throw new ArgumentException($"{matrix.Length} rows but {rowNames.Length} row labels.", nameof(rowLabels));
        }
        if (matrix.FirstOrDefault(row => row.Count != columns.Length) is { } ragged)
        {
            throw new ArgumentException($"a row has {ragged.Count} values but there are {columns.Length} column labels.", nameof(rows));
        }
        return With(new HeatmapTrace(matrix, columns, rowNames));
    }

    /// <summary>The plotly.js figure: <c>{"data": [traces], "layout": {...}}</c>, as JSON that is safe inside a script element.</summary>
    public string ToFigureJson()
    {
        var layout = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = Title },
            ["xaxis"] = Axis(XAxisTitle),
            ["yaxis"] = Axis(YAxisTitle),
            ["margin"] = new JsonObject { ["t"] = 60 },
        };
        if (_traces.Any(t => t is HeatmapTrace))
        {
            layout["yaxis"]!["autorange"] = "reversed";
        }
        var figure = new JsonObject
        {
            ["data"] = new JsonArray(_traces.Select(t => (JsonNode?)t.ToPlotly()).ToArray()),
            ["layout"] = layout,
        };
        // The default encoder escapes <, > and & (as \u003C …), so no string in the figure can close a script element.
        return figure.ToJsonString();
    }

    public override string ToString() =>
        $"Chart \"{Title}\": {string.Join(", ", _traces.Select(t => t.GetType().Name.Replace("Trace", "").ToLowerInvariant()))}";

    private Chart With(ChartTrace trace) => new(Title, XAxisTitle, YAxisTitle, _traces.Add(trace));

    private static JsonObject Axis(string? title) =>
        title is null ? new JsonObject { ["automargin"] = true } : new JsonObject { ["title"] = new JsonObject { ["text"] = title }, ["automargin"] = true };

    private static (ImmutableArray<double> X, ImmutableArray<double> Y) Points<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y)
        where TX : INumberBase<TX>
        where TY : INumberBase<TY>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var xs = x.Select(double.CreateChecked).ToImmutableArray();
        var ys = y.Select(double.CreateChecked).ToImmutableArray();
        if (xs.Length != ys.Length)
        {
            throw new ArgumentException($"{xs.Length} x values but {ys.Length} y values.", nameof(y));
        }
        return (xs, ys);
    }
}
