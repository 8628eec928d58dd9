using System.Globalization;
using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Reporting;

namespace LlmWorkbook.Runner;

internal static class Program
{
    private const string Usage = """
        usage: LlmWorkbook.Runner run [options] NOTEBOOK...
          --write                 save outputs back into each .ipynb (atomically)
          --timeout-cell SECONDS  stop a cell that runs longer (default 600)
          --report FILE           write a JUnit XML report, one test case per cell
          --stop-on-error         stop a notebook at its first failing cell
          --html DIR              write each executed notebook as a standalone HTML page, and DIR/index.html
        exit code: 0 when every cell of every notebook passed, 1 when any failed, 2 for bad arguments
        """;

    private static async Task<int> Main(string[] args)
    {
        if (args is ["kernel", var workingDirectory])
        {
            return await KernelHost.RunAsync(workingDirectory);
        }
        if (args.Length == 0 || args[0] != "run")
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var options = new RunOptions();
        string? report = null;
        string? html = null;
        var notebooks = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--write":
                    options = options with { WriteOutputs = true };
                    break;
                case "--stop-on-error":
                    options = options with { StopOnError = true };
                    break;
                case "--timeout-cell":
                    if (i + 1 >= args.Length || !double.TryParse(args[++i], CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                    {
                        return BadArgument("--timeout-cell needs a positive number of seconds");
                    }
                    options = options with { CellTimeout = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--report":
                    if (i + 1 >= args.Length)
                    {
                        return BadArgument("--report needs a file name");
                    }
                    report = args[++i];
                    if (!report.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                    {
                        return BadArgument($"--report {report}: the report is JUnit XML, so its name must end in .xml");
                    }
                    break;
                case "--html":
                    if (i + 1 >= args.Length)
                    {
                        return BadArgument("--html needs a folder");
                    }
                    html = args[++i];
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    return BadArgument($"unknown option {option}");
                default:
                    notebooks.Add(args[i]);
                    break;
            }
        }
        if (notebooks.Count == 0)
        {
            return BadArgument("no notebook given");
        }
        var missing = notebooks.Where(n => !File.Exists(n)).ToList();
        if (missing.Count > 0)
        {
            return BadArgument($"no such notebook: {string.Join(", ", missing)}");
        }

        var console = new ConsoleProgress();
        var runs = new List<NotebookRun>();
        foreach (var notebook in notebooks)
        {
            console.NotebookStarted(notebook);
            var run = await NotebookExecutor.RunAsync(notebook, options, console.CellFinished, console.CellStarted);
            console.NotebookFinished(run);
            runs.Add(run);
        }
        console.Summary(runs);
        if (report is not null)
        {
            JUnitReport.Write(report, runs);
            Console.WriteLine($"report: {report}");
        }
        if (html is not null)
        {
            Console.WriteLine($"html: {HtmlExport.Write(html, runs)}");
        }
        return runs.All(r => r.Passed) ? 0 : 1;
    }

    private static int BadArgument(string message)
    {
        Console.Error.WriteLine($"runner: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
