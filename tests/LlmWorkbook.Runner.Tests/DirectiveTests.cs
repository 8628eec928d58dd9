using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Kernel;

namespace LlmWorkbook.Runner.Tests;

public sealed class DirectiveTests : IDisposable
{
    private readonly TestNotebook _notebooks = new();

    public void Dispose() => _notebooks.Dispose();

    [Fact]
    public void Directives_are_taken_out_of_the_code_keeping_line_numbers()
    {
        var cell = CellDirectives.Parse("#!csharp\n#i \"nuget: ../feed\"\n#r \"nuget: Some.Package, 1.2.3\"\n#r \"nuget:Latest\"\n#!time\nvar a = 1;\n#r \"local.dll\"");
        Assert.Equal([new PackageRequest("Some.Package", "1.2.3"), new PackageRequest("Latest", null)], cell.Packages);
        Assert.Equal(["../feed"], cell.PackageSources);
        Assert.True(cell.Time);
        Assert.Equal("\n\n\n\n\nvar a = 1;\n#r \"local.dll\"", cell.Code);
    }

    [Fact]
    public void A_directive_in_the_middle_of_a_line_is_code()
    {
        var cell = CellDirectives.Parse("var s = \"#!time\"; // #r \"nuget: X, 1\"");
        Assert.False(cell.Time);
        Assert.Empty(cell.Packages);
    }

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
        Assert.Matches(@"^Wall time: [0-9.]+ms$", run.Cell(2).Outputs.Single().Data!["text/plain"]);
        Assert.Equal("# A *heading*", run.Cell(3).Outputs.Single().Data!["text/markdown"]);
        Assert.Contains("<pre>5050</pre>", run.Cell(4).Outputs.Single().Data!["text/html"]);
        Assert.Contains("<pre>42</pre>", run.Cell(5).Outputs.Single().Data!["text/html"]);
    }

    [Fact]
    public async Task Hash_load_runs_a_script_file_from_the_notebooks_folder()
    {
        _notebooks.WriteText("helpers.csx", "int Square(int n) => n * n;");
        var run = await _notebooks.RunAsync("load", "#load \"helpers.csx\"\nSquare(12)");
        Assert.True(run.Passed, run.Cell(2).Error);
        Assert.Contains("<pre>144</pre>", run.Cell(2).Outputs.Single().Data!["text/html"]);
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
    public async Task Hash_r_of_a_dll_file_resolves_from_the_notebooks_folder()
    {
        var assertDll = typeof(Assert).Assembly.Location;
        File.Copy(assertDll, Path.Combine(_notebooks.Folder, "assertions.dll"));
        var run = await _notebooks.RunAsync("dll", "#r \"assertions.dll\"\nXunit.Assert.Equal(2, 1 + 1);\n\"referenced\"");
        Assert.True(run.Passed, run.Cell(2).Error);
        Assert.Equal("referenced", run.Cell(2).Outputs.Single().Data!["text/plain"]);
    }
}
