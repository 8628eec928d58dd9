namespace LlmWorkbook.Runner.Kernel;

/// <summary>The result of one cell in the kernel: a null <paramref name="Error"/> means it passed.</summary>
public sealed record CellRun(string? Error);
