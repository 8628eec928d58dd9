using LlmWorkbook.Runner.Notebooks;
using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Execution;

/// <summary>What happened to one code cell. <see cref="Number"/> is the cell's 1-based position in the file.</summary>
public sealed record CellResult(NotebookCell Cell, CellStatus Status, IReadOnlyList<CellOutput> Outputs, string? Error, TimeSpan Elapsed)
{
    /// <summary>The cell's 1-based position in the file, counting markdown cells.</summary>
    public int Number => Cell.Index + 1;

    /// <summary>Whether the cell counts as a failure (failed, timed out, or not run).</summary>
    public bool Failed => Status is CellStatus.Failed or CellStatus.TimedOut or CellStatus.NotRun;

    /// <summary>Everything the cell printed or displayed, as plain text where there is one.</summary>
    public string Text => string.Concat(Outputs.Select(o => o.PlainText));
}
