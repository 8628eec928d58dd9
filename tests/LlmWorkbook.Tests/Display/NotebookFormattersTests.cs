using LlmWorkbook.Display;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace LlmWorkbook.Tests.Display;

public sealed class NotebookFormattersTests
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
    public void A_chart_renders_as_html_with_its_data()
    {
        NotebookFormatters.Register();
        var chart = Plotly.NET.CSharp.Chart.Column<int, string, string>(new[] { 3, 7 }, new[] { "x", "y" });
        var html = chart.ToDisplayString(HtmlFormatter.MimeType);
        Assert.Contains("plotly", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"x\"", html);
    }
}

public sealed class ChartTitlesTests
{
    [Fact]
    public void Titles_reach_the_chart_layout()
    {
        var chart = Plotly.NET.CSharp.Chart.Column<int, string, string>(new[] { 1 }, new[] { "a" }).WithTitles("Main title", "the x axis", "the y axis");
        var html = Plotly.NET.GenericChart.toChartHTML(chart);
        Assert.Contains("Main title", html);
        Assert.Contains("the x axis", html);
        Assert.Contains("the y axis", html);
    }
}
