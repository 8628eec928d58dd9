using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Kernel;
using LlmWorkbook.Runner.Reporting;

namespace LlmWorkbook.Runner;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args is ["kernel", var workingDirectory])
        {
            return await KernelHost.RunAsync(workingDirectory);
        }
        RunnerCommandLine commandLine;
        try
        {
            commandLine = RunnerCommandLine.Parse(args);
        }
        catch (CommandLineException e)
        {
            Console.Error.WriteLine($"runner: {e.Message}");
            Console.Error.WriteLine(RunnerCommandLine.Usage);
            return 2;
        }
        var missing = commandLine.Notebooks.Where(n => !File.Exists(n)).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"runner: no such notebook: {string.Join(", ", missing)}");
            Console.Error.WriteLine(RunnerCommandLine.Usage);
            return 2;
        }

        var console = new ConsoleProgress();
        var runs = new List<NotebookRun>();
        foreach (var notebook in commandLine.Notebooks)
        {
            console.NotebookStarted(notebook);
            var run = await NotebookExecutor.RunAsync(notebook, commandLine.Options, console.CellFinished, console.CellStarted);
            console.NotebookFinished(run);
            runs.Add(run);
        }
        console.Summary(runs);
        if (commandLine.Report is { } report)
        {
            JUnitReport.Write(report, runs);
            Console.WriteLine($"report: {report}");
        }
        return runs.All(r => r.Passed) ? 0 : 1;
    }
}
