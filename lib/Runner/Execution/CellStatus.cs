namespace LlmWorkbook.Runner.Execution;

/// <summary>How a code cell ended.</summary>
public enum CellStatus
{
    /// <summary>Ran without an error (or raised one and was tagged <c>raises-exception</c>).</summary>
    Passed,

    /// <summary>Failed to compile, threw, or its kernel died.</summary>
    Failed,

    /// <summary>Ran past the cell timeout and was stopped.</summary>
    TimedOut,

    /// <summary>Tagged <c>skip-execution</c>.</summary>
    Skipped,

    /// <summary>Not run because an earlier cell stopped the run.</summary>
    NotRun,
}
