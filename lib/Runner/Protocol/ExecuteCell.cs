namespace LlmWorkbook.Runner.Protocol;

/// <summary>Runner → kernel: run the source of the cell at <paramref name="Cell"/> (its index in the file).</summary>
public sealed record ExecuteCell(int Cell, string Code) : KernelMessage;
