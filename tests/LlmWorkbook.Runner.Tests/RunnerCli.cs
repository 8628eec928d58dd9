using System.Diagnostics;

namespace LlmWorkbook.Runner.Tests;

/// <summary>Starts the built runner as its own process, as ./workbook run does.</summary>
internal static class RunnerCli
{
    public static Process Start(params string[] args) => Start(defaultSignals: false, args);

    /// <summary>
    /// Starts the runner with SIGINT and SIGQUIT at their default disposition, as in a terminal: a test host started
    /// in the background of a non-interactive shell ignores them, and its children inherit that.
    /// </summary>
    public static Process StartWithDefaultSignals(params string[] args) => Start(defaultSignals: true, args);

    private static Process Start(bool defaultSignals, string[] args)
    {
        var dll = typeof(LlmWorkbook.Runner.Execution.NotebookExecutor).Assembly.Location;
        var start = new ProcessStartInfo(defaultSignals ? "env" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] command = ["exec", "--runtimeconfig", Path.ChangeExtension(dll, ".runtimeconfig.json"), "--depsfile", Path.ChangeExtension(dll, ".deps.json"), dll, .. args];
        foreach (var arg in defaultSignals ? ["--default-signal=INT,QUIT", "dotnet", .. command] : command)
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }
}
