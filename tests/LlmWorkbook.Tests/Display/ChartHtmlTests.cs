using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmWorkbook.Display;

namespace LlmWorkbook.Tests.Display;

public sealed partial class ChartHtmlTests
{
    private const string FakePlotlyJs = "window.Plotly = { newPlot: function () {} }; /* fake plotly.js */";

    private static readonly Chart Sample = new Chart("Tokens", "sentence", "tokens").AddBars("cl100k_base", ["a", "b"], new[] { 3, 7 });

    [Fact]
    public void Only_the_first_chart_carries_plotly_js_and_it_is_loaded_once()
    {
        var loads = 0;
        var renderer = new ChartHtml(() => { loads++; return FakePlotlyJs; });
        var first = renderer.Render(Sample);
        var second = renderer.Render(Sample);
        var third = renderer.Render(Sample);

        Assert.Equal(1, loads);
        Assert.Equal(1, Occurrences(first, ChartHtml.PlotlyJsScriptTag));
        Assert.Contains(ChartHtml.PlotlyJsScriptTag + FakePlotlyJs + "</script>", first);
        Assert.DoesNotContain("fake plotly.js", second);
        Assert.DoesNotContain("data-workbook", third);
    }

    [Fact]
    public void Every_chart_waits_for_window_Plotly_and_draws_its_own_figure()
    {
        var renderer = new ChartHtml(() => FakePlotlyJs);
        renderer.Render(Sample);
        var html = renderer.Render(Sample);
        Assert.Contains("if (window.Plotly)", html);
        Assert.Contains("setTimeout(draw", html);
        var figure = JsonNode.Parse(FigureLiteral().Match(html).Groups[1].Value)!;
        Assert.Equal("Tokens", (string)figure["layout"]!["title"]!["text"]!);
        Assert.Equal([3.0, 7.0], figure["data"]![0]!["y"]!.AsArray().Select(v => (double)v!).ToArray());
    }

    [Fact]
    public void Chart_ids_count_up_so_the_same_run_writes_the_same_html()
    {
        string[] Run()
        {
            var renderer = new ChartHtml(() => FakePlotlyJs);
            return [renderer.Render(Sample), renderer.Render(Sample)];
        }
        var first = Run();
        Assert.Equal(first, Run());
        Assert.Contains("<div id=\"workbook-chart-1\"", first[0]);
        Assert.Contains("<div id=\"workbook-chart-2\"", first[1]);
        Assert.Contains("getElementById(\"workbook-chart-2\")", first[1]);
    }

    [Fact]
    public void No_chart_references_a_remote_script_or_stylesheet()
    {
        var renderer = new ChartHtml(() => FakePlotlyJs);
        foreach (var html in new[] { renderer.Render(Sample), renderer.Render(Sample) })
        {
            Assert.Empty(RemoteReference().Matches(html));
            Assert.DoesNotContain("src=", html);
            Assert.DoesNotContain("<link", html);
        }
    }

    [Fact]
    public void A_script_end_tag_in_a_label_cannot_break_out_of_the_chart_script()
    {
        var renderer = new ChartHtml(() => FakePlotlyJs);
        renderer.Render(Sample);
        var html = renderer.Render(new Chart("</script><script>alert('title')</script>")
            .AddBars("</SCRIPT >", ["<!--", "</script>"], new[] { 1, 2 }));
        // The chart's own script is the only one: it ends exactly once, at its end.
        Assert.Equal(1, Occurrences(html.ToLowerInvariant(), "</script"));
        Assert.EndsWith("</script>", html.TrimEnd());
        Assert.DoesNotContain("<!--", html);
        var figure = JsonNode.Parse(FigureLiteral().Match(html).Groups[1].Value)!;
        Assert.Equal("</script><script>alert('title')</script>", (string)figure["layout"]!["title"]!["text"]!);
    }

    [Fact]
    public void A_plotly_js_that_would_end_its_own_script_element_is_refused()
    {
        var renderer = new ChartHtml(() => "var s = '</script>';");
        Assert.Throws<InvalidOperationException>(() => renderer.Render(Sample));
    }

    [Fact]
    public void The_shared_renderer_reads_the_plotly_js_that_setup_fetched()
    {
        var path = WorkbookPaths.FetchedData(ChartHtml.PlotlyJsDataPath);
        var source = File.ReadAllText(path);
        Assert.StartsWith("/**\n* plotly.js v3.7.0", source);
        Assert.DoesNotContain("</script", source, StringComparison.OrdinalIgnoreCase);
    }

    private static int Occurrences(string text, string value) => Regex.Matches(text, Regex.Escape(value)).Count;

    [GeneratedRegex(@"var figure = (\{.*\});\n")]
    private static partial Regex FigureLiteral();

    [GeneratedRegex(@"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteReference();
}
