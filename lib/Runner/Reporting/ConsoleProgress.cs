using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Notebooks;

namespace LlmWorkbook.Runner.Reporting;

/// <summary>Live progress per notebook and cell, then a closing table and the list of failures.</summary>
internal sealed class ConsoleProgress
{
    /// <summary>Names the notebook about to run.</summary>
    public void NotebookStarted(string path) => Console.WriteLine($"▶ {path}");

    /// <summary>Shows the running cell on a terminal (overwritten by its result line).</summary>
    public void CellStarted(NotebookCell cell)
    {
        if (!Console.IsOutputRedirected)
        {
            Console.Write($"  cell {cell.Index + 1,3}  …         {Shorten(cell.FirstLine, 60)}\r");
        }
    }

    /// <summary>One line per cell, with the first lines of its error.</summary>
    public void CellFinished(CellResult result)
    {
        var mark = result.Status switch
        {
            CellStatus.Passed => "✓",
            CellStatus.Skipped => "-",
            _ => "✗",
        };
        Console.WriteLine($"  cell {result.Number,3}  {mark}  {result.Elapsed.TotalSeconds,6:0.0}s  {Shorten(result.Cell.FirstLine, 60)}");
        if (result.Failed && result.Error is { } error)
        {
            foreach (var line in error.Split('\n').Take(6))
            {
                Console.WriteLine($"             {line}");
            }
        }
    }

    /// <summary>The notebook's problem, if any, and its count of passed cells.</summary>
    public void NotebookFinished(NotebookRun run)
    {
        if (run.Problem is { } problem)
        {
            Console.WriteLine($"  ✗ {problem}");
        }
        Console.WriteLine($"  {(run.Passed ? "passed" : "FAILED")}: {run.PassedCount}/{run.Cells.Count} code cells in {run.Elapsed.TotalSeconds:0.0}s");
    }

    /// <summary>A table of every notebook, then every failure on one line.</summary>
    public void Summary(IReadOnlyList<NotebookRun> runs)
    {
        var width = Math.Max(8, runs.Max(r => r.Path.Length));
        Console.WriteLine();
        Console.WriteLine($"{"notebook".PadRight(width)}  {"cells",5}  {"passed",6}  {"failed",6}  {"seconds",7}");
        foreach (var run in runs)
        {
            Console.WriteLine($"{run.Path.PadRight(width)}  {run.Cells.Count(c => c.Status != CellStatus.Skipped),5}  {run.PassedCount,6}  {(run.Problem is null ? run.FailedCount : 1),6}  {run.Elapsed.TotalSeconds,7:0.0}");
        }
        var failures = runs.SelectMany(r => r.Problem is not null
            ? [$"{r.Path}: {r.Problem}"]
            : r.Cells.Where(c => c.Failed).Select(c => $"{r.Path} cell {c.Number} ({Shorten(c.Cell.FirstLine, 50)}): {FirstLine(c.Error)}")).ToList();
        if (failures.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("failures:");
            failures.ForEach(f => Console.WriteLine($"  {f}"));
        }
    }

    private static string FirstLine(string? text) => (text ?? "").Split('\n')[0].Trim();

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
