using System.Globalization;
using LlmWorkbook.Runner.Execution;

namespace LlmWorkbook.Runner;

/// <summary>The runner's command line, <c>run [options] NOTEBOOK...</c>, parsed in one place.</summary>
/// <param name="Notebooks">The notebook files, in the order given.</param>
/// <param name="Options">How to run them.</param>
/// <param name="Report">The JUnit XML report to write, if any.</param>
/// <param name="Html">The folder to write the executed notebooks into as HTML pages, if any.</param>
public sealed record RunnerCommandLine(IReadOnlyList<string> Notebooks, RunOptions Options, string? Report, string? Html = null)
{
    /// <summary>The longest cell timeout: one day (timers cannot wait much longer than 24 days anyway).</summary>
    public const int MaxCellTimeoutSeconds = 86_400;

    /// <summary>The usage text printed with a bad argument.</summary>
    public const string Usage = """
        usage: LlmWorkbook.Runner run [options] [NOTEBOOK...]
          --write                 save outputs back into each .ipynb (atomically)
          --timeout-cell SECONDS  stop a cell that runs longer (default 600)
          --report FILE           write a JUnit XML report, one test case per cell
          --stop-on-error         stop a notebook at its first failing cell
          --html DIR              write each executed notebook as a standalone HTML page, and DIR/index.html
          --default-notebooks DIR when no NOTEBOOK is named, run every DIR/*.ipynb (in name order)
        exit code: 0 when every cell of every notebook passed, 1 when any failed (or the report could not be written),
          2 for bad arguments, 3 for an internal error of the runner
        """;

    /// <summary>Parses <c>run</c> and its arguments; throws <see cref="CommandLineException"/> naming what is wrong.</summary>
    public static RunnerCommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] != "run")
        {
            throw new CommandLineException("the first argument must be 'run'");
        }
        var options = new RunOptions();
        string? report = null;
        string? html = null;
        string? defaultFolder = null;
        var notebooks = new List<string>();
        for (var i = 1; i < args.Count; i++)
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
                    if (i + 1 >= args.Count
                        || !double.TryParse(args[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                        || !double.IsFinite(seconds) || seconds <= 0 || seconds > MaxCellTimeoutSeconds)
                    {
                        throw new CommandLineException(
                            $"--timeout-cell needs a positive number of seconds, at most {MaxCellTimeoutSeconds} (one day){(i < args.Count ? $"; got '{args[i]}'" : "")}");
                    }
                    options = options with { CellTimeout = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--report":
                    if (i + 1 >= args.Count)
                    {
                        throw new CommandLineException("--report needs a file name");
                    }
                    report = args[++i];
                    if (!report.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new CommandLineException($"--report {report}: the report is JUnit XML, so its name must end in .xml");
                    }
                    break;
                case "--html":
                    if (i + 1 >= args.Count)
                    {
                        throw new CommandLineException("--html needs a folder");
                    }
                    html = args[++i];
                    break;
                case "--default-notebooks":
                    if (i + 1 >= args.Count)
                    {
                        throw new CommandLineException("--default-notebooks needs a folder");
                    }
                    defaultFolder = args[++i];
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    throw new CommandLineException($"unknown option {option}");
                default:
                    notebooks.Add(args[i]);
                    break;
            }
        }
        if (notebooks.Count == 0 && defaultFolder is not null)
        {
            notebooks.AddRange(NotebooksIn(defaultFolder));
        }
        if (notebooks.Count == 0)
        {
            throw new CommandLineException(defaultFolder is null ? "no notebook given" : $"no notebook given, and none in {defaultFolder}");
        }
        return new RunnerCommandLine(notebooks, options, report, html);
    }

    /// <summary>The notebooks of a folder in name order, named relative to the current folder when they are inside it.</summary>
    private static IEnumerable<string> NotebooksIn(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new CommandLineException($"--default-notebooks {folder}: no such folder");
        }
        var here = Directory.GetCurrentDirectory();
        return Directory.GetFiles(folder, "*.ipynb")
            .Order(StringComparer.Ordinal)
            .Select(file => Path.GetFullPath(file) is var full && full.StartsWith(here + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                ? Path.GetRelativePath(here, full)
                : full);
    }
}
