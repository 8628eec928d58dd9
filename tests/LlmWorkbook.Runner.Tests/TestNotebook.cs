using System.Text.Json.Nodes;
using LlmWorkbook.Runner.Execution;

namespace LlmWorkbook.Runner.Tests;

/// <summary>
/// Writes small notebooks into a temporary folder and runs them through the real kernel process. The one notebook
/// builder of the runner tests and the runner benchmark (which links this file).
/// </summary>
internal sealed class TestNotebook : IDisposable
{
    public TestNotebook() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "runner-tests", Guid.NewGuid().ToString("N"));

    public string Write(string name, params string[] codeCells)
    {
        var cells = new JsonArray();
        cells.Add(new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = "# " + name });
        foreach (var code in codeCells)
        {
            cells.Add(new JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
                ["outputs"] = new JsonArray(),
                ["source"] = code,
            });
        }
        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        var path = Path.Combine(Folder, name + ".ipynb");
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }

    public string WriteText(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<NotebookRun> RunAsync(string name, params string[] codeCells) =>
        await NotebookExecutor.RunAsync(Write(name, codeCells), new RunOptions { CellTimeout = TimeSpan.FromMinutes(3) });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
