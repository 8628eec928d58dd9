using System.Diagnostics;

namespace LlmWorkbook.Runner.Tests;

/// <summary>Starts the built runner as its own process, as ./workbook run does.</summary>
internal static class RunnerCli
{
    public static Process Start(params string[] args)
    {
        var dll = typeof(LlmWorkbook.Runner.Execution.NotebookExecutor).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "exec", "--runtimeconfig", Path.ChangeExtension(dll, ".runtimeconfig.json"), "--depsfile", Path.ChangeExtension(dll, ".deps.json"), dll },
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }
}
