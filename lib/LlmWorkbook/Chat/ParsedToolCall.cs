using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Chat;

/// <summary>One tool call read from a model's reply: the tool's name and its arguments as JSON values.</summary>
/// <param name="Name">The tool to call.</param>
/// <param name="Arguments">Argument name → JSON value (an empty dictionary when the call gave none).</param>
public sealed record ParsedToolCall(string Name, IReadOnlyDictionary<string, JsonElement> Arguments)
{
    /// <summary>The call as Microsoft.Extensions.AI represents it, under the given call id.</summary>
    public FunctionCallContent ToFunctionCall(string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return new FunctionCallContent(callId, Name, Arguments.ToDictionary(a => a.Key, a => (object?)a.Value));
    }
}
