namespace LlmWorkbook.Runner.Notebooks;

/// <summary>A file that cannot be run as a C# notebook; the message names the file and the reason.</summary>
public sealed class NotebookFormatException(string path, string reason)
    : Exception($"{path}: {reason}")
{
    /// <summary>The file.</summary>
    public string NotebookPath { get; } = path;
    /// <summary>Why it cannot be run, without the file name.</summary>
    public string Reason { get; } = reason;
}
