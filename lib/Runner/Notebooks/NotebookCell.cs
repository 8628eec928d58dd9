namespace LlmWorkbook.Runner.Notebooks;

/// <summary>A cell as the runner sees it: its position in the file, its kind and its source.</summary>
public sealed record NotebookCell(int Index, string CellType, string Source, IReadOnlyList<string> Tags)
{
    /// <summary>Whether this is a code cell (the runner runs only those).</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The first non-empty line, to name the cell in progress and failure messages.</summary>
    public string FirstLine =>
        Source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(empty cell)";
}
