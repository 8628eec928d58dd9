using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmWorkbook.Runner.Execution;

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
        var folder = Directory.CreateTempSubdirectory("runner-bench").FullName;
        try
        {
            var path = Path.Combine(folder, "bench.ipynb");
            WriteNotebook(path);
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
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteNotebook(string path)
    {
        var cells = new JsonArray(CodeCell("#r \"nuget: Microsoft.ML.Tokenizers, 2.0.1\"\nvar total = 0;"));
        for (var i = 0; i < TrivialCells; i++)
        {
            cells.Add(CodeCell($"total += {i};"));
        }
        var notebook = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["language"] = "C#" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        File.WriteAllText(path, notebook.ToJsonString());
    }

    private static JsonObject CodeCell(string source) => new()
    {
        ["cell_type"] = "code",
        ["metadata"] = new JsonObject(),
        ["outputs"] = new JsonArray(),
        ["source"] = source,
    };
}
