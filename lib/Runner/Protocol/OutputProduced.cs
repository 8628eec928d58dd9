namespace LlmWorkbook.Runner.Protocol;

/// <summary>Kernel → runner: the cell at <paramref name="Cell"/> produced an output.</summary>
public sealed record OutputProduced(int Cell, CellOutput Output) : KernelMessage;
