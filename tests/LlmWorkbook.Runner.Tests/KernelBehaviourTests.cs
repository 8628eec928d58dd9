using LlmWorkbook.Runner.Execution;

namespace LlmWorkbook.Runner.Tests;

/// <summary>The runner behaves like the Polyglot C# kernel: values, displays, console, state across cells.</summary>
public sealed class KernelBehaviourTests : IDisposable
{
    private readonly TestNotebook _notebooks = new();

    public void Dispose() => _notebooks.Dispose();

    [Fact]
    public async Task Trailing_values_are_html_by_default_and_plain_text_for_strings()
    {
        var run = await _notebooks.RunAsync("values", "1 + 1", "\"hello\"", "var quiet = 3;", "Math.Max(quiet, 2);");
        Assert.True(run.Passed);
        var number = Assert.Single(run.Cell(2).Outputs);
        Assert.Equal("display_data", number.OutputType);
        Assert.Contains("<pre>2</pre>", number.Data!["text/html"]);
        Assert.Equal("hello", Assert.Single(run.Cell(3).Outputs).Data!["text/plain"]);
        Assert.Empty(run.Cell(4).Outputs);
        Assert.Empty(run.Cell(5).Outputs);
    }

    [Fact]
    public async Task Display_helpers_work_unqualified_and_update_in_place()
    {
        var run = await _notebooks.RunAsync("display",
            "var shown = display(HTML(\"<b>first</b>\"));",
            "shown.Update(HTML(\"<b>second</b>\"));\n\"after\".Display();",
            "display(42, \"text/plain\")");
        Assert.True(run.Passed, string.Join("\n", run.Cells.Select(c => c.Error)));
        Assert.Equal("<b>second</b>", Assert.Single(run.Cell(2).Outputs).Data!["text/html"]);
        Assert.Equal("after", Assert.Single(run.Cell(3).Outputs).Data!["text/plain"]);
        // A trailing display(...) returns a DisplayedValue that is not shown a second time.
        Assert.Equal("42", Assert.Single(run.Cell(4).Outputs).Data!["text/plain"]);
    }

    [Fact]
    public async Task Console_output_is_captured_per_cell_as_stdout_and_stderr_streams()
    {
        var run = await _notebooks.RunAsync("console",
            "Console.WriteLine(\"one\"); Console.Write(\"two\"); Console.Error.WriteLine(\"oops\"); Console.WriteLine();",
            "Console.WriteLine(\"next cell\");");
        Assert.True(run.Passed);
        var outputs = run.Cell(2).Outputs;
        Assert.Equal(["stdout", "stderr", "stdout"], outputs.Select(o => o.StreamName!).ToArray());
        Assert.Equal("one\n", outputs[0].Text);
        Assert.Equal("oops\n", outputs[1].Text);
        Assert.Equal("two\n", outputs[2].Text);
        Assert.Equal("next cell\n", Assert.Single(run.Cell(3).Outputs).Text);
    }

    [Fact]
    public async Task A_compile_error_keeps_the_old_state_and_a_runtime_error_keeps_the_new_one()
    {
        var run = await _notebooks.RunAsync("errors",
            "var x = 1;",
            "x = 2; var y = ;",
            "x",
            "x = 3; throw new InvalidOperationException(\"boom\");",
            "x",
            "Console.WriteLine(\"still running\");");
        Assert.False(run.Passed);
        Assert.Equal([3, 5], run.Cells.Where(c => c.Failed).Select(c => c.Number).ToArray());
        Assert.Contains("error CS1525", run.Cell(3).Error);
        Assert.Equal("error", run.Cell(3).Outputs.Single().OutputType);
        Assert.Contains("<pre>1</pre>", run.Cell(4).Outputs.Single().Data!["text/html"]);
        Assert.Contains("System.InvalidOperationException: boom", run.Cell(5).Error);
        Assert.DoesNotContain("Microsoft.CodeAnalysis.Scripting", run.Cell(5).Error);
        Assert.Contains("<pre>3</pre>", run.Cell(6).Outputs.Single().Data!["text/html"]);
        Assert.Equal(CellStatus.Passed, run.Cell(7).Status);
    }

    [Fact]
    public async Task Cells_run_in_the_notebooks_folder_with_the_kernels_default_imports()
    {
        _notebooks.WriteText("data.txt", "from the notebook's folder");
        var run = await _notebooks.RunAsync("folder",
            "System.IO.File.ReadAllText(\"data.txt\")",
            "new List<int> { 3, 1, 2 }.OrderBy(i => i).Select(i => i * 10).Sum()",
            "await Task.Delay(10); var sb = new StringBuilder(\"ok\"); sb.ToString()");
        Assert.True(run.Passed, string.Join("\n", run.Cells.Select(c => c.Error)));
        Assert.Equal("from the notebook's folder", run.Cell(2).Outputs.Single().Data!["text/plain"]);
        Assert.Contains("<pre>60</pre>", run.Cell(3).Outputs.Single().Data!["text/html"]);
        Assert.Equal("ok", run.Cell(4).Outputs.Single().Data!["text/plain"]);
    }
}
