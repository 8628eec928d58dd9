using System.Text.Json.Nodes;
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

    [Theory]
    [InlineData("""{"cell_type": 7, "metadata": {}, "source": "1"}""", "cell 1 has no \"cell_type\" string")]
    [InlineData("""{"cell_type": "code", "metadata": {}, "source": ["a", 3]}""", "cell 1 has a \"source\" that is neither a string nor a list of strings")]
    [InlineData("""{"cell_type": "code", "metadata": [], "source": "1"}""", "cell 1 has a \"metadata\" that is not an object")]
    [InlineData("""{"cell_type": "code", "metadata": {"tags": [1]}, "source": "1"}""", "cell 1 has \"metadata.tags\" that are not a list of strings")]
    [InlineData("5", "cell 1 is not a JSON object")]
    public void Parse_names_a_cell_whose_fields_have_the_wrong_type(string cell, string reason)
    {
        var json = $$$"""{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": ".net-csharp"}}, "cells": [{{{cell}}}]}""";
        var error = Assert.Throws<NotebookFormatException>(() => NotebookDocument.Parse("typed.ipynb", json));
        Assert.Equal($"typed.ipynb: {reason}", error.Message);
    }

    [Fact]
    public void Parse_names_a_kernelspec_name_that_is_not_a_string()
    {
        var json = """{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": 5}}, "cells": []}""";
        Assert.Contains("names no kernel", Assert.Throws<NotebookFormatException>(() => NotebookDocument.Parse("k.ipynb", json)).Message);
    }

    [Fact]
    public void Writing_back_gives_every_cell_a_unique_id_and_makes_the_file_nbformat_4_5()
    {
        var path = _notebooks.WriteText("no-ids.ipynb", """
            {"nbformat": 4, "nbformat_minor": 4, "metadata": {"kernelspec": {"name": ".net-csharp"}},
             "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# t"},
                       {"cell_type": "code", "metadata": {}, "outputs": [], "source": "1"},
                       {"cell_type": "code", "metadata": {}, "outputs": [], "source": "2"}]}
            """);
        var document = NotebookDocument.Load(path);
        document.SetOutputs(new Dictionary<int, IReadOnlyList<CellOutput>>());
        document.Save();

        var saved = JsonNode.Parse(File.ReadAllText(path))!;
        var ids = saved["cells"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", id));
        Assert.Equal(5, saved["nbformat_minor"]!.GetValue<int>());
    }

    [Fact]
    public void Writing_back_keeps_cell_ids_and_replaces_only_a_duplicate()
    {
        var path = _notebooks.WriteText("ids.ipynb", """
            {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": ".net-csharp"}},
             "cells": [{"id": "intro", "cell_type": "markdown", "metadata": {}, "source": "# t"},
                       {"id": "first-code", "cell_type": "code", "metadata": {}, "outputs": [], "source": "1"},
                       {"id": "intro", "cell_type": "code", "metadata": {}, "outputs": [], "source": "2"}]}
            """);
        var document = NotebookDocument.Load(path);
        document.SetOutputs(new Dictionary<int, IReadOnlyList<CellOutput>>());
        document.Save();

        var ids = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["intro", "first-code"], ids.Take(2).ToArray());
        Assert.NotEqual("intro", ids[2]);
        Assert.NotEqual("first-code", ids[2]);
    }

    [Fact]
    public void Load_refuses_invalid_utf8_naming_the_byte_offset()
    {
        // "café" saved as Latin-1: é is the single byte 0xE9, which is not UTF-8.
        var head = System.Text.Encoding.UTF8.GetBytes("""{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": ".net-csharp"}}, "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": "\"caf""");
        var tail = System.Text.Encoding.UTF8.GetBytes("""\""}]}""");
        var path = Path.Combine(_notebooks.Folder, "latin1.ipynb");
        File.WriteAllBytes(path, [.. head, 0xE9, .. tail]);
        var at = head.Length;

        var error = Assert.Throws<NotebookFormatException>(() => NotebookDocument.Load(path));
        Assert.Equal($"{path}: is not valid UTF-8 (byte offset {at}); fix the file's encoding before running it", error.Message);
    }

    [Fact]
    public void Load_reads_a_file_that_starts_with_a_byte_order_mark()
    {
        var path = _notebooks.Write("bom", "1");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(path)]);
        Assert.Equal("1", NotebookDocument.Load(path).Cells[1].Source);
    }
}
