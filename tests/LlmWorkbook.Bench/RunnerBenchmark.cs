using System.Diagnostics;
using LlmWorkbook.Runner.Execution;
using LlmWorkbook.Runner.Tests;

namespace LlmWorkbook.Bench;

/// <summary>
/// The runner's own cost, warm (restore cached): the median time of a trivial cell as the runner sees it (kernel
/// round trip included), and the time from starting the kernel process to the first cell's result.
/// </summary>
public sealed class RunnerBenchmark : IBenchmark
{
    private const int TrivialCells = 60;

    public string Name => "runner";

    public IReadOnlyDictionary<string, Goal> Goals { get; } = new Dictionary<string, Goal>
    {
        ["trivial_cell_ms"] = Goal.AtMost(30),
        ["first_cell_ms"] = Goal.AtMost(3000),
    };

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(CancellationToken cancellationToken)
    {
        using var notebooks = new TestNotebook();
        var cells = new[] { "#r \"nuget: Microsoft.ML.Tokenizers, 2.0.1\"\nvar total = 0;" }
            .Concat(Enumerable.Range(0, TrivialCells).Select(i => $"total += {i};"))
            .ToArray();
        var path = notebooks.Write("bench", cells);
        await NotebookExecutor.RunAsync(path, new RunOptions()); // warms the restore cache

        var clock = Stopwatch.StartNew();
        double? firstCellMs = null;
        var run = await NotebookExecutor.RunAsync(path, new RunOptions(), onCellFinished: _ => firstCellMs ??= clock.Elapsed.TotalMilliseconds);
        if (!run.Passed)
        {
            throw new InvalidOperationException("the benchmark notebook failed: " + run.Problem + string.Join("\n", run.Cells.Select(c => c.Error)));
        }
        var trivial = run.Cells.Skip(1).Select(c => c.Elapsed.TotalMilliseconds).Order().ToList();
        return new Dictionary<string, double>
        {
            ["trivial_cell_ms"] = trivial[trivial.Count / 2],
            ["first_cell_ms"] = firstCellMs!.Value,
            ["trivial_cells"] = trivial.Count,
        };
    }
}
