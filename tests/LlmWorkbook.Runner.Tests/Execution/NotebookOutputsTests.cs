using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Tests.Execution;

/// <summary>One owner for every cell's outputs and display ids; what it hands out never changes afterwards.</summary>
public sealed class NotebookOutputsTests
{
    private static readonly SecretRedactor NoSecrets = new([]);

    [Fact]
    public void An_update_replaces_a_display_in_its_own_cell_but_not_in_outputs_handed_out_before()
    {
        var outputs = new NotebookOutputs(NoSecrets);
        outputs.Add(1, new DisplayOutput(new Dictionary<string, string> { ["text/html"] = "first" }, "id-1"));
        var before = outputs.Of(1);

        outputs.Add(2, new StreamOutput("stdout", "later cell\n"));
        outputs.Update("id-1", new Dictionary<string, string> { ["text/html"] = "second" });

        Assert.Equal("first", before.Single().AsDisplay().Data["text/html"]);
        Assert.Equal("second", outputs.Of(1).Single().AsDisplay().Data["text/html"]);
        Assert.Equal("later cell\n", outputs.Of(2).Single().AsStream().Text);
    }

    [Fact]
    public void Consecutive_writes_to_one_stream_become_one_output()
    {
        var outputs = new NotebookOutputs(NoSecrets);
        outputs.Add(0, new StreamOutput("stdout", "a\n"));
        var early = outputs.Of(0);
        outputs.Add(0, new StreamOutput("stdout", "b\n"));
        outputs.Add(0, new StreamOutput("stderr", "c\n"));
        outputs.Add(0, new StreamOutput("stdout", "d\n"));

        Assert.Equal(["a\nb\n", "c\n", "d\n"], outputs.Of(0).Select(o => o.AsStream().Text).ToArray());
        Assert.Equal("a\n", early.Single().AsStream().Text);
    }

    [Fact]
    public void An_update_for_an_unknown_display_id_is_ignored()
    {
        var outputs = new NotebookOutputs(NoSecrets);
        outputs.Update("never-shown", new Dictionary<string, string> { ["text/plain"] = "x" });
        Assert.Empty(outputs.Of(0));
    }

    [Fact]
    public void A_cell_keeps_at_most_10000_outputs_and_names_how_many_more_were_dropped()
    {
        var outputs = new NotebookOutputs(NoSecrets);
        for (var i = 0; i < 10_000; i++)
        {
            outputs.Add(0, new StreamOutput("stdout", "out\n"));
            outputs.Add(0, new StreamOutput("stderr", "err\n"));
        }
        var kept = outputs.Of(0);
        Assert.Equal(NotebookOutputs.MaxOutputsPerCell + 1, kept.Count);
        Assert.Contains("10,000 further outputs and writes dropped", kept[^1].AsStream().Text);
    }

    [Fact]
    public void A_cell_keeps_at_most_ten_million_characters()
    {
        var outputs = new NotebookOutputs(NoSecrets);
        var megabyte = new string('x', CappedText.DefaultLimit);
        for (var i = 0; i < 12; i++)
        {
            outputs.Add(0, new DisplayOutput(new Dictionary<string, string> { ["text/plain"] = megabyte }));
        }
        outputs.Add(0, new StreamOutput("stdout", "after the limit\n"));
        var kept = outputs.Of(0);
        Assert.Equal(10, kept.Count(o => o is DisplayOutput));
        Assert.Contains("3 further outputs and writes dropped", kept[^1].AsStream().Text);
    }
}
