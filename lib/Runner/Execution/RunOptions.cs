namespace LlmWorkbook.Runner.Execution;

/// <summary>How to run notebooks.</summary>
public sealed record RunOptions
{
    /// <summary>How long one cell may run before its kernel is killed.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Stop at the first failing cell (nbmake's behaviour) instead of reporting every failing cell.</summary>
    public bool StopOnError { get; init; }

    /// <summary>Save the outputs back into the .ipynb (atomically).</summary>
    public bool WriteOutputs { get; init; }

    /// <summary>Extra environment variables for the kernel process (e.g. CI-sized settings).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
