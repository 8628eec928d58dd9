using LlmWorkbook.Runner.Execution;

namespace LlmWorkbook.Runner.Tests.Kernel;

/// <summary>A cell in the kernel: directives, displays and console output, as in the Polyglot C# kernel.</summary>
public sealed class KernelSessionTests : IDisposable
{
    private readonly TestNotebook _notebooks = new();

    public void Dispose() => _notebooks.Dispose();

    [Fact]
    public async Task Time_markdown_csharp_and_import_behave_like_the_kernel()
    {
        _notebooks.WriteText("shared.cs", "static int Twice(int n) => 2 * n;");
        var run = await _notebooks.RunAsync("directives",
            "#!time\nvar total = Enumerable.Range(1, 100).Sum();",
            "#!markdown\n# A *heading*",
            "#!csharp\ntotal",
            "#!import shared.cs\nTwice(21)");
        Assert.True(run.Passed, string.Join("\n", run.Cells.Select(c => c.Error)));
        Assert.Matches(@"^Wall time: [0-9.]+ms$", run.Cell(2).Outputs.Single().AsDisplay().Data["text/plain"]);
        Assert.Equal("# A *heading*", run.Cell(3).Outputs.Single().AsDisplay().Data["text/markdown"]);
        Assert.Contains("<pre>5050</pre>", run.Cell(4).Outputs.Single().AsDisplay().Data["text/html"]);
        Assert.Contains("<pre>42</pre>", run.Cell(5).Outputs.Single().AsDisplay().Data["text/html"]);
    }

    [Fact]
    public async Task An_unknown_magic_command_fails_the_cell_naming_it()
    {
        var run = await _notebooks.RunAsync("magic", "#!fsharp\nlet x = 1", "1");
        Assert.Equal(CellStatus.Failed, run.Cell(2).Status);
        Assert.Contains("'#!fsharp'", run.Cell(2).Error);
        Assert.Equal(CellStatus.Passed, run.Cell(3).Status);
    }

    [Fact]
    public async Task Display_helpers_work_unqualified_and_update_in_place()
    {
        var run = await _notebooks.RunAsync("display",
            "var shown = display(HTML(\"<b>first</b>\"));",
            "shown.Update(HTML(\"<b>second</b>\"));\n\"after\".Display();",
            "display(42, \"text/plain\")");
        Assert.True(run.Passed, string.Join("\n", run.Cells.Select(c => c.Error)));
        Assert.Equal("<b>second</b>", Assert.Single(run.Cell(2).Outputs).AsDisplay().Data["text/html"]);
        Assert.Equal("after", Assert.Single(run.Cell(3).Outputs).AsDisplay().Data["text/plain"]);
        // A trailing display(...) returns a DisplayedValue that is not shown a second time.
        Assert.Equal("42", Assert.Single(run.Cell(4).Outputs).AsDisplay().Data["text/plain"]);
    }

    [Fact]
    public async Task Console_output_is_captured_per_cell_as_stdout_and_stderr_streams()
    {
        var run = await _notebooks.RunAsync("console",
            "Console.WriteLine(\"one\"); Console.Write(\"two\"); Console.Error.WriteLine(\"oops\"); Console.WriteLine();",
            "Console.WriteLine(\"next cell\");");
        Assert.True(run.Passed);
        var outputs = run.Cell(2).Outputs;
        Assert.Equal(["stdout", "stderr", "stdout"], outputs.Select(o => o.AsStream().StreamName).ToArray());
        Assert.Equal("one\n", outputs[0].AsStream().Text);
        Assert.Equal("oops\n", outputs[1].AsStream().Text);
        Assert.Equal("two\n", outputs[2].AsStream().Text);
        Assert.Equal("next cell\n", Assert.Single(run.Cell(3).Outputs).AsStream().Text);
    }
}
