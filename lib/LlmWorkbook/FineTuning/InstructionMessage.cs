namespace LlmWorkbook.FineTuning;

/// <summary>
/// One turn of an instruction example: its role (<c>system</c>, <c>user</c>, <c>assistant</c>, or <c>tool</c> for a
/// tool's result) and its text.
/// </summary>
public sealed record InstructionMessage(string Role, string Content);
