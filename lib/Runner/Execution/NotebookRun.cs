using LlmWorkbook.Runner.Notebooks;

namespace LlmWorkbook.Runner.Execution;

public enum CellStatus { Passed, Failed, TimedOut, Skipped, NotRun }

/// <summary>What happened to one code cell. <see cref="Number"/> is the cell's 1-based position in the file.</summary>
public sealed record CellResult(NotebookCell Cell, CellStatus Status, IReadOnlyList<CellOutput> Outputs, string? Error, TimeSpan Elapsed)
{
    public int Number => Cell.Index + 1;

    public bool Failed => Status is CellStatus.Failed or CellStatus.TimedOut or CellStatus.NotRun;

    /// <summary>Everything the cell printed or displayed, as plain text where there is one.</summary>
    public string Text => string.Concat(Outputs.Select(o => o.PlainText));
}

/// <summary>The run of one notebook: a result per code cell, or the reason it could not run at all.</summary>
public sealed record NotebookRun(string Path, IReadOnlyList<CellResult> Cells, TimeSpan Elapsed, string? Problem = null)
{
    public bool Passed => Problem is null && Cells.All(c => !c.Failed);

    public int PassedCount => Cells.Count(c => c.Status == CellStatus.Passed);

    public int FailedCount => Cells.Count(c => c.Failed);

    public CellResult Cell(int number) => Cells.Single(c => c.Number == number);
}

public sealed record RunOptions
{
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Stop at the first failing cell (nbmake's behaviour) instead of reporting every failing cell.</summary>
    public bool StopOnError { get; init; }

    /// <summary>Save the outputs back into the .ipynb (atomically).</summary>
    public bool WriteOutputs { get; init; }

    /// <summary>Extra environment variables for the kernel process (e.g. CI-sized settings).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
