namespace LlmWorkbook.Runner.Kernel;

/// <summary>A directive the runner cannot read or does not know; the message names the line and the directive.</summary>
public sealed class CellDirectiveException(string message) : Exception(message);
