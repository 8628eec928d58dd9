using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmWorkbook.Display;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmWorkbook.Tests.Display;

public sealed partial class NotebookFormattersTests
{
    [Fact]
    public void A_data_frame_renders_as_an_html_table_with_its_size()
    {
        NotebookFormatters.Register();
        var frame = new DataFrame(new StringDataFrameColumn("text", ["a<b", "c"]), new DoubleDataFrameColumn("score", [0.5, 1.25]));
        var html = frame.ToDisplayString(HtmlFormatter.MimeType);
        Assert.Contains("<th>text</th><th>score</th>", html);
        Assert.Contains("<td>a&lt;b</td><td>0.5</td>", html);
        Assert.Contains("2 rows × 2 columns", html);
    }

    [Fact]
    public void A_chart_renders_as_html_that_draws_its_figure_with_plotly()
    {
        NotebookFormatters.Register();
        var chart = new Chart("Tokens per sentence", "sentence", "tokens").AddBars("cl100k_base", ["x", "y"], new[] { 3, 7 });
        Assert.Contains(HtmlFormatter.MimeType, Formatter.GetPreferredMimeTypesFor(typeof(Chart)));
        var html = chart.ToDisplayString(HtmlFormatter.MimeType);
        Assert.Matches(@"<div id=""workbook-chart-\d+"" class=""workbook-chart""", html);
        Assert.Contains("window.Plotly.newPlot(target, figure.data, figure.layout", html);
        var figure = JsonNode.Parse(FigureLiteral().Match(html).Groups[1].Value)!;
        Assert.Equal(["x", "y"], figure["data"]![0]!["x"]!.AsArray().Select(x => (string)x!).ToArray());
        Assert.Equal([3.0, 7.0], figure["data"]![0]!["y"]!.AsArray().Select(y => (double)y!).ToArray());
        Assert.Equal("tokens", (string)figure["layout"]!["yaxis"]!["title"]!["text"]!);
    }

    [GeneratedRegex(@"var figure = (\{.*\});\n")]
    private static partial Regex FigureLiteral();
}
