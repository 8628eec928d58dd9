using System.Text.Json.Nodes;
using LlmWorkbook.Display;

namespace LlmWorkbook.Tests.Display;

public sealed class ChartTests
{
    [Fact]
    public void Lines_become_scatter_traces_with_their_points_and_the_titles_reach_the_layout()
    {
        var chart = new Chart("Loss", xAxisTitle: "step", yAxisTitle: "loss")
            .AddLine("training", new[] { 0, 1, 2 }, new[] { 3.5, 2.25, 1.5 })
            .AddLine("validation", new[] { 2 }, new[] { 1.75f }, markers: true);
        var figure = Figure(chart);

        var data = figure["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        Assert.Equal("scatter", (string)data[0]!["type"]!);
        Assert.Equal("lines", (string)data[0]!["mode"]!);
        Assert.Equal("training", (string)data[0]!["name"]!);
        Assert.Equal([0.0, 1, 2], Doubles(data[0]!["x"]!));
        Assert.Equal([3.5, 2.25, 1.5], Doubles(data[0]!["y"]!));
        Assert.Equal("lines+markers", (string)data[1]!["mode"]!);
        Assert.Equal([1.75], Doubles(data[1]!["y"]!));
        Assert.Equal("Loss", (string)figure["layout"]!["title"]!["text"]!);
        Assert.Equal("step", (string)figure["layout"]!["xaxis"]!["title"]!["text"]!);
        Assert.Equal("loss", (string)figure["layout"]!["yaxis"]!["title"]!["text"]!);
    }

    [Fact]
    public void Scatter_points_carry_their_hover_labels_and_show_them_only_when_asked()
    {
        var hoverOnly = Figure(new Chart("pairs").AddScatter("word pairs", new[] { 1.0, 9 }, new[] { 0.1, 0.8 }, ["army–navy", "war–peace"]));
        var trace = hoverOnly["data"]![0]!;
        Assert.Equal("markers", (string)trace["mode"]!);
        Assert.Equal(["army–navy", "war–peace"], trace["text"]!.AsArray().Select(t => (string)t!).ToArray());
        Assert.Null(trace["textposition"]);

        var labelled = Figure(new Chart("words").AddScatter("war", new[] { 0.5 }, new[] { -0.5 }, ["army"], showLabels: true))["data"]![0]!;
        Assert.Equal("markers+text", (string)labelled["mode"]!);
        Assert.Equal("top center", (string)labelled["textposition"]!);

        var plain = Figure(new Chart("points").AddScatter("p", new[] { 1 }, new[] { 2 }))["data"]![0]!;
        Assert.Null(plain["text"]);
    }

    [Fact]
    public void Bars_keep_their_categories_and_values_in_order()
    {
        var figure = Figure(new Chart("Tokens per sentence")
            .AddBars("cl100k_base", ["sentence 1", "sentence 2"], new[] { 12, 7 })
            .AddBars("o200k_base", ["sentence 1", "sentence 2"], new[] { 11, 7 }));
        var data = figure["data"]!.AsArray();
        Assert.All(data, t => Assert.Equal("bar", (string)t!["type"]!));
        Assert.Equal(["sentence 1", "sentence 2"], data[0]!["x"]!.AsArray().Select(x => (string)x!).ToArray());
        Assert.Equal([12.0, 7], Doubles(data[0]!["y"]!));
        Assert.Equal([11.0, 7], Doubles(data[1]!["y"]!));
        Assert.Equal("o200k_base", (string)data[1]!["name"]!);
        Assert.Null(figure["layout"]!["xaxis"]!["title"]);
    }

    [Fact]
    public void A_heatmap_keeps_rows_in_matrix_order_and_puts_row_0_at_the_top()
    {
        double[][] rows = [[1, 0.5], [0.25, 1]];
        var figure = Figure(new Chart("cosines").AddHeatmap(rows, ["army", "navy"], ["army", "navy"]));
        var trace = figure["data"]![0]!;
        Assert.Equal("heatmap", (string)trace["type"]!);
        Assert.Equal([1.0, 0.5], Doubles(trace["z"]![0]!));
        Assert.Equal([0.25, 1.0], Doubles(trace["z"]![1]!));
        Assert.Equal(["army", "navy"], trace["y"]!.AsArray().Select(y => (string)y!).ToArray());
        Assert.Equal("reversed", (string)figure["layout"]!["yaxis"]!["autorange"]!);
    }

    [Fact]
    public void Values_that_are_not_finite_become_gaps()
    {
        var trace = Figure(new Chart("gaps").AddLine("l", new[] { 1, 2, 3 }, new[] { 1.0, double.NaN, double.PositiveInfinity }))["data"]![0]!;
        var y = trace["y"]!.AsArray();
        Assert.Equal(1.0, (double)y[0]!);
        Assert.Null(y[1]);
        Assert.Null(y[2]);
    }

    [Fact]
    public void Text_that_would_end_a_script_element_is_escaped_in_the_json()
    {
        var json = new Chart("</script><script>alert(1)</script>").AddBars("<b>&", ["</SCRIPT>"], new[] { 1 }).ToFigureJson();
        Assert.DoesNotContain("<", json);
        Assert.DoesNotContain(">", json);
        Assert.Equal("</script><script>alert(1)</script>", (string)JsonNode.Parse(json)!["layout"]!["title"]!["text"]!);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected_with_a_message_that_says_which()
    {
        Assert.Contains("3 x values but 2 y values", Assert.Throws<ArgumentException>(() => new Chart("t").AddLine("l", new[] { 1, 2, 3 }, new[] { 1, 2 })).Message);
        Assert.Contains("1 labels for 2 points", Assert.Throws<ArgumentException>(() => new Chart("t").AddScatter("s", new[] { 1, 2 }, new[] { 1, 2 }, ["a"])).Message);
        Assert.Contains("1 values for 2 categories", Assert.Throws<ArgumentException>(() => new Chart("t").AddBars("b", ["a", "b"], new[] { 1 })).Message);
        Assert.Throws<ArgumentException>(() => new Chart("t").AddHeatmap(new[] { new[] { 1, 2 } }, ["a"], ["r"]));
        Assert.Throws<ArgumentException>(() => new Chart("t").AddHeatmap(new[] { new[] { 1 } }, ["a"], ["r", "s"]));
    }

    [Fact]
    public void Adding_a_trace_returns_a_new_chart_and_leaves_the_original_as_it_was()
    {
        var empty = new Chart("t");
        var one = empty.AddLine("l", new[] { 1 }, new[] { 1 });
        Assert.Empty(empty.Traces);
        Assert.IsType<LineTrace>(Assert.Single(one.Traces));
        Assert.Equal("Chart \"t\": line", one.ToString());
    }

    private static JsonObject Figure(Chart chart) => JsonNode.Parse(chart.ToFigureJson())!.AsObject();

    private static double[] Doubles(JsonNode array) => array.AsArray().Select(v => (double)v!).ToArray();
}
