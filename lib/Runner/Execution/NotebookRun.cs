namespace LlmWorkbook.Runner.Execution;

/// <summary>The run of one notebook: a result per code cell, or the reason it could not run at all.</summary>
public sealed record NotebookRun(string Path, IReadOnlyList<CellResult> Cells, TimeSpan Elapsed, string? Problem = null)
{
    /// <summary>No problem with the notebook and no failed cell.</summary>
    public bool Passed => Problem is null && Cells.All(c => !c.Failed);

    /// <summary>Cells that passed.</summary>
    public int PassedCount => Cells.Count(c => c.Status == CellStatus.Passed);

    /// <summary>Cells that failed, timed out or were not run.</summary>
    public int FailedCount => Cells.Count(c => c.Failed);

    /// <summary>The result of the cell at this 1-based position in the file.</summary>
    public CellResult Cell(int number) => Cells.Single(c => c.Number == number);
}
