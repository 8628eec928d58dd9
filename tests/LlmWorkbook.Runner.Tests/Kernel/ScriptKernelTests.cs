using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Tests.Kernel;

/// <summary>Submissions behave like the Polyglot C# kernel: values, errors, state across cells, references.</summary>
public sealed class ScriptKernelTests : IDisposable
{
    private readonly TestNotebook _notebooks = new();

    public void Dispose() => _notebooks.Dispose();

    [Fact]
    public async Task Trailing_values_are_html_by_default_and_plain_text_for_strings()
    {
        var run = await _notebooks.RunAsync("values", "1 + 1", "\"hello\"", "var quiet = 3;", "Math.Max(quiet, 2);");
        Assert.True(run.Passed);
        var number = Assert.Single(run.Cell(2).Outputs);
        Assert.IsType<DisplayOutput>(number);
        Assert.Contains("<pre>2</pre>", number.AsDisplay().Data["text/html"]);
        Assert.Equal("hello", Assert.Single(run.Cell(3).Outputs).AsDisplay().Data["text/plain"]);
        Assert.Empty(run.Cell(4).Outputs);
        Assert.Empty(run.Cell(5).Outputs);
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
        Assert.IsType<ErrorOutput>(run.Cell(3).Outputs.Single());
        Assert.Contains("<pre>1</pre>", run.Cell(4).Outputs.Single().AsDisplay().Data["text/html"]);
        Assert.Contains("System.InvalidOperationException: boom", run.Cell(5).Error);
        Assert.DoesNotContain("Microsoft.CodeAnalysis.Scripting", run.Cell(5).Error);
        Assert.Contains("<pre>3</pre>", run.Cell(6).Outputs.Single().AsDisplay().Data["text/html"]);
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
        Assert.Equal("from the notebook's folder", run.Cell(2).Outputs.Single().AsDisplay().Data["text/plain"]);
        Assert.Contains("<pre>60</pre>", run.Cell(3).Outputs.Single().AsDisplay().Data["text/html"]);
        Assert.Equal("ok", run.Cell(4).Outputs.Single().AsDisplay().Data["text/plain"]);
    }

    [Fact]
    public async Task Hash_load_runs_a_script_file_from_the_notebooks_folder()
    {
        _notebooks.WriteText("helpers.csx", "int Square(int n) => n * n;");
        var run = await _notebooks.RunAsync("load", "#load \"helpers.csx\"\nSquare(12)");
        Assert.True(run.Passed, run.Cell(2).Error);
        Assert.Contains("<pre>144</pre>", run.Cell(2).Outputs.Single().AsDisplay().Data["text/html"]);
    }

    [Fact]
    public async Task Hash_r_of_a_dll_file_resolves_from_the_notebooks_folder()
    {
        var assertDll = typeof(Assert).Assembly.Location;
        File.Copy(assertDll, Path.Combine(_notebooks.Folder, "assertions.dll"));
        var run = await _notebooks.RunAsync("dll", "#r \"assertions.dll\"\nXunit.Assert.Equal(2, 1 + 1);\n\"referenced\"");
        Assert.True(run.Passed, run.Cell(2).Error);
        Assert.Equal("referenced", run.Cell(2).Outputs.Single().AsDisplay().Data["text/plain"]);
    }
}
