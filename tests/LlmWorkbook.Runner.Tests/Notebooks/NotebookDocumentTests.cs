using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Notebooks;
using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Tests.Notebooks;

/// <summary>Reading .ipynb files: every nbformat 4 shape VS Code writes, and a clear reason for anything else.</summary>
public sealed class NotebookDocumentTests : IDisposable
{
    private readonly TestNotebook _notebooks = new();

    public void Dispose() => _notebooks.Dispose();

    [Theory]
    [InlineData("not json at all", "is not valid JSON")]
    [InlineData("""{"nbformat": 3, "metadata": {}, "worksheets": []}""", "is nbformat 3; only nbformat 4")]
    [InlineData("""{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "language": "python"}}, "cells": []}""", "is a python notebook")]
    [InlineData("""{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}""", "names no kernel")]
    [InlineData("""[1, 2]""", "top level of the JSON is not an object")]
    public async Task Bad_input_is_named_with_the_reason(string content, string reason)
    {
        var path = _notebooks.WriteText("bad.ipynb", content);
        var run = await NotebookExecutor.RunAsync(path, new RunOptions());
        Assert.False(run.Passed);
        Assert.StartsWith(path + ": ", run.Problem);
        Assert.Contains(reason, run.Problem);
    }

    [Fact]
    public async Task Older_notebook_files_with_string_sources_run()
    {
        var path = _notebooks.WriteText("old.ipynb", """
            {"nbformat": 4, "nbformat_minor": 2,
             "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"}},
             "cells": [{"cell_type": "code", "execution_count": 3, "metadata": {"dotnet_interactive": {"language": "csharp"}},
                        "outputs": [], "source": "var a = 20;\na + 22"}]}
            """);
        var run = await NotebookExecutor.RunAsync(path, new RunOptions());
        Assert.True(run.Passed);
        Assert.Contains("<pre>42</pre>", run.Cell(1).Outputs.Single().AsDisplay().Data["text/html"]);
    }
}
