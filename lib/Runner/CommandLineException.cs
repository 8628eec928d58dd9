namespace LlmWorkbook.Runner;

/// <summary>Arguments the runner cannot use; the message names the argument and why.</summary>
public sealed class CommandLineException(string message) : Exception(message);
