namespace LlmWorkbook.Runner.Tests;

/// <summary>The runner's arguments, parsed in one place.</summary>
public sealed class RunnerCommandLineTests
{
    [Fact]
    public void Parse_reads_options_and_notebooks_in_any_order()
    {
        var commandLine = RunnerCommandLine.Parse(["run", "a.ipynb", "--write", "--timeout-cell", "2.5", "--report", "r.xml", "--stop-on-error", "b.ipynb"]);
        Assert.Equal(["a.ipynb", "b.ipynb"], commandLine.Notebooks);
        Assert.True(commandLine.Options.WriteOutputs);
        Assert.True(commandLine.Options.StopOnError);
        Assert.Equal(TimeSpan.FromSeconds(2.5), commandLine.Options.CellTimeout);
        Assert.Equal("r.xml", commandLine.Report);
    }

    [Fact]
    public void Parse_reads_the_html_folder()
    {
        Assert.Equal("pages", RunnerCommandLine.Parse(["run", "--html", "pages", "a.ipynb"]).Html);
        Assert.Null(RunnerCommandLine.Parse(["run", "a.ipynb"]).Html);
        Assert.Contains("--html needs a folder", Assert.Throws<CommandLineException>(() => RunnerCommandLine.Parse(["run", "a.ipynb", "--html"])).Message);
    }

    [Fact]
    public void Default_notebooks_are_used_only_when_none_is_named()
    {
        var folder = Directory.CreateTempSubdirectory("default-notebooks-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "01-b.ipynb"), "{}");
            File.WriteAllText(Path.Combine(folder.FullName, "00-a.ipynb"), "{}");
            File.WriteAllText(Path.Combine(folder.FullName, "notes.md"), "");
            Assert.Equal(
                [Path.Combine(folder.FullName, "00-a.ipynb"), Path.Combine(folder.FullName, "01-b.ipynb")],
                RunnerCommandLine.Parse(["run", "--default-notebooks", folder.FullName, "--write"]).Notebooks);
            Assert.Equal(["x.ipynb"], RunnerCommandLine.Parse(["run", "--default-notebooks", folder.FullName, "x.ipynb"]).Notebooks);
            var missing = Path.Combine(folder.FullName, "missing");
            Assert.Contains("no such folder", Assert.Throws<CommandLineException>(() => RunnerCommandLine.Parse(["run", "--default-notebooks", missing])).Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--timeout-cell", "soon", "--timeout-cell needs a positive number")]
    [InlineData("--timeout-cell", "0", "--timeout-cell needs a positive number")]
    [InlineData("--report", "r.txt", "must end in .xml")]
    [InlineData("--frobnicate", "x.ipynb", "unknown option --frobnicate")]
    public void Parse_names_the_bad_argument(string option, string value, string message)
    {
        var error = Assert.Throws<CommandLineException>(() => RunnerCommandLine.Parse(["run", option, value, "n.ipynb"]));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Parse_needs_a_notebook()
    {
        Assert.Contains("no notebook given", Assert.Throws<CommandLineException>(() => RunnerCommandLine.Parse(["run", "--write"])).Message);
    }
}
