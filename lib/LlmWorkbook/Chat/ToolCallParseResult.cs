namespace LlmWorkbook.Chat;

/// <summary>
/// What <see cref="ToolCallFormat.Parse"/> found in a reply. Three cases: tool calls (<see cref="Calls"/> is not
/// empty); an attempt at tool calls that does not parse (<see cref="Error"/> says why); or ordinary text (neither).
/// </summary>
/// <param name="Calls">The calls, in the order the reply made them; empty unless the reply is exactly tool calls.</param>
/// <param name="Error">Why a reply made of &lt;tool_call&gt; blocks could not be read; null otherwise.</param>
public sealed record ToolCallParseResult(IReadOnlyList<ParsedToolCall> Calls, string? Error)
{
    /// <summary>A reply that is ordinary text.</summary>
    public static ToolCallParseResult NotToolCalls { get; } = new([], null);

    /// <summary>Whether the reply is tool calls that parsed.</summary>
    public bool IsToolCalls => Calls.Count > 0;
}
