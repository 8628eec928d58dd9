namespace LlmWorkbook.Runner.Protocol;

/// <summary>Kernel → runner: the cell at <paramref name="Cell"/> finished; <paramref name="Error"/> is null when it passed.</summary>
public sealed record CellCompleted(int Cell, string? Error) : KernelMessage;
