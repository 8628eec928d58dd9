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
        KernelProcessGroups.KillOnExit();
        // The runner never dies with a stack trace: whatever escapes becomes one line and exit code 3.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            Console.Error.WriteLine($"runner: internal error: {Describe(e.ExceptionObject as Exception)}");
            KernelProcessGroups.KillAll();
            Environment.Exit(3);
        };
        try
        {
            return await RunAsync(args);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"runner: internal error: {Describe(e)}");
            return 3;
        }
        finally
        {
            KernelProcessGroups.KillAll();
        }
    }

    private static string Describe(Exception? e) =>
        e is null ? "unknown" : $"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}";

    private static async Task<int> RunAsync(string[] args)
    {
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
        var exitCode = runs.All(r => r.Passed) ? 0 : 1;
        if (commandLine.Report is { } report)
        {
            try
            {
                JUnitReport.Write(report, runs);
                Console.WriteLine($"report: {report}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"runner: cannot write the report {report}: {e.Message}");
                exitCode = 1;
            }
        }
        if (commandLine.Html is { } html)
        {
            try
            {
                Console.WriteLine($"html: {HtmlExport.Write(html, runs)}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"runner: cannot write the HTML pages into {html}: {e.Message}");
                exitCode = 1;
            }
        }
        return exitCode;
    }
}
