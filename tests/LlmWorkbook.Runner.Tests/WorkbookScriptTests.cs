using System.Diagnostics;

namespace LlmWorkbook.Runner.Tests;

/// <summary>
/// <c>./workbook run</c> (its run_notebooks function, with setup and dotnet stubbed so nothing is built or installed):
/// paths are the caller's, wherever it is started from.
/// </summary>
public sealed class WorkbookScriptTests : IDisposable
{
    private readonly TestNotebook _notebooks = new();

    public void Dispose() => _notebooks.Dispose();

    [Fact]
    public async Task Run_resolves_notebook_and_report_paths_from_the_callers_folder()
    {
        var (folder, arguments) = await RunNotebooksAsync("analysis.ipynb --report out/r.xml");
        Assert.Equal(Caller, folder);
        Assert.Equal(["run", "--default-notebooks", Path.Combine(Repository, "notebooks"), "analysis.ipynb", "--report", "out/r.xml"], arguments.Skip(1).ToArray());
    }

    [Fact]
    public async Task Run_passes_the_html_folder_with_its_value()
    {
        var (_, arguments) = await RunNotebooksAsync("--html pages analysis.ipynb");
        Assert.Equal(["run", "--default-notebooks", Path.Combine(Repository, "notebooks"), "--html", "pages", "analysis.ipynb"], arguments.Skip(1).ToArray());
    }

    [Fact]
    public async Task Run_without_notebooks_names_the_course_notebooks_folder_from_any_folder()
    {
        var (folder, arguments) = await RunNotebooksAsync("");
        Assert.Equal(Caller, folder);
        Assert.Equal(["run", "--default-notebooks", Path.Combine(Repository, "notebooks")], arguments.Skip(1).ToArray());
    }

    private string Caller => Path.Combine(_notebooks.Folder, "elsewhere");

    private string Repository => Path.Combine(_notebooks.Folder, "repository");

    /// <summary>Runs run_notebooks from a copy of the script in a fake repository, started in another folder; returns the runner's folder and arguments.</summary>
    private async Task<(string Folder, string[] Arguments)> RunNotebooksAsync(string arguments)
    {
        var repository = Directory.CreateDirectory(Repository).FullName;
        Directory.CreateDirectory(Path.Combine(repository, "notebooks"));
        File.WriteAllText(Path.Combine(repository, "notebooks", "00-welcome.ipynb"), "{}");
        Directory.CreateDirectory(Caller);
        // Everything but the final command dispatch: the settings and functions, run_notebooks among them.
        var script = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "workbook"));
        File.WriteAllText(Path.Combine(repository, "workbook-functions"), script[..script.LastIndexOf("\ncase \"${1:-}\" in", StringComparison.Ordinal)]);
        var record = Path.Combine(_notebooks.Folder, "dotnet-call.txt");
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = Caller,
            RedirectStandardError = true,
            ArgumentList =
            {
                "-c",
                $"source '{repository}/workbook-functions'; setup() {{ :; }}; dotnet() {{ {{ pwd; printf '%s\\n' \"$@\"; }} > '{record}'; }}; run_notebooks {arguments}",
            },
        };
        using var bash = Process.Start(start)!;
        var stderr = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, stderr);
        var lines = File.ReadAllLines(record);
        return (lines[0], lines[1..]);
    }
}
