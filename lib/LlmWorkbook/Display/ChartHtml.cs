using System.Globalization;
using System.Text;

namespace LlmWorkbook.Display;

/// <summary>
/// Writes a <see cref="Chart"/> as HTML that draws itself with plotly.js, with no network. The first chart a renderer
/// writes carries plotly.js inline, in a <c>&lt;script data-workbook="plotly.js"&gt;</c> element; later charts do not
/// (VS Code shows every output of a notebook in one page, so one copy serves them all), and every chart's script waits
/// for <c>window.Plotly</c> before it draws. This is what plotly.py's notebook renderer does; it keeps a saved notebook
/// to one copy of plotly.js, and lets an HTML export recognise the copy and keep one per page.
/// Chart element ids count up from 1 (<c>workbook-chart-1</c>, …), so the same run writes the same HTML.
/// </summary>
public sealed class ChartHtml
{
    /// <summary>Where setup puts plotly.js, under artifacts/data (see data/plotly-js.source).</summary>
    public const string PlotlyJsDataPath = "plotly/plotly.min.js";

    /// <summary>The opening tag of the script element that carries plotly.js.</summary>
    public const string PlotlyJsScriptTag = "<script data-workbook=\"plotly.js\">";

    /// <summary>How long a chart waits for plotly.js before it says that it is missing.</summary>
    private const int WaitForPlotlyMilliseconds = 30_000;

    private readonly Func<string> _loadPlotlyJs;
    private readonly Lock _gate = new();
    private int _chartsWritten;
    private bool _plotlyJsWritten;

    /// <param name="loadPlotlyJs">Returns the plotly.js source; called once, for the first chart.</param>
    public ChartHtml(Func<string> loadPlotlyJs)
    {
        ArgumentNullException.ThrowIfNull(loadPlotlyJs);
        _loadPlotlyJs = loadPlotlyJs;
    }

    /// <summary>The renderer of this process, reading the plotly.js that ./workbook setup fetched.</summary>
    public static ChartHtml Shared { get; } = new(() => File.ReadAllText(WorkbookPaths.FetchedData(PlotlyJsDataPath), Encoding.UTF8));

    /// <summary>The chart as an HTML fragment: plotly.js (first chart only), a div, and the script that draws into it.</summary>
    public string Render(Chart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var figure = chart.ToFigureJson();
        string? plotlyJs = null;
        int number;
        lock (_gate)
        {
            if (!_plotlyJsWritten)
            {
                plotlyJs = _loadPlotlyJs();
                if (plotlyJs.Contains("</script", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException("this plotly.js contains '</script', which would end its script element early");
                }
                _plotlyJsWritten = true;
            }
            number = ++_chartsWritten;
        }
        var id = string.Create(CultureInfo.InvariantCulture, $"workbook-chart-{number}");
        var html = new StringBuilder(figure.Length + 1024 + (plotlyJs?.Length ?? 0));
        if (plotlyJs is not null)
        {
            html.Append(PlotlyJsScriptTag).Append(plotlyJs).Append("</script>\n");
        }
        html.Append(CultureInfo.InvariantCulture, $"<div id=\"{id}\" class=\"workbook-chart\" style=\"width:100%;height:460px\"></div>\n");
        html.Append(CultureInfo.InvariantCulture, $$"""
            <script>
            (function () {
              var figure = {{figure}};
              var script = document.currentScript;
              var target = script && script.previousElementSibling && script.previousElementSibling.id === "{{id}}"
                ? script.previousElementSibling : document.getElementById("{{id}}");
              var waited = 0;
              (function draw() {
                if (window.Plotly) { window.Plotly.newPlot(target, figure.data, figure.layout, { responsive: true }); return; }
                if ((waited += 50) > {{WaitForPlotlyMilliseconds}}) {
                  target.textContent = "This chart needs plotly.js, which the first chart of the notebook carries: run that cell again.";
                  return;
                }
                setTimeout(draw, 50);
              })();
            })();
            </script>
            """);
        return html.ToString();
    }
}
