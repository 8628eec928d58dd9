using Microsoft.Extensions.AI;

namespace LlmWorkbook.FineTuning;

/// <summary>
/// One conversation of the instruction data (data/instructions): a system message, the user's request, and the reply
/// the assistant is trained to give, the last message. <paramref name="Task"/> is one of <see cref="InstructionTasks.All"/>.
/// A tool example will hold more turns: the assistant's call, the <c>tool</c> message with its result, and the reply.
/// </summary>
public sealed record InstructionExample(string Id, string Task, IReadOnlyList<InstructionMessage> Messages)
{
    /// <summary>The messages as Microsoft.Extensions.AI chat messages, in order, for a chat template or an <see cref="IChatClient"/>.</summary>
    public IList<ChatMessage> ToChatMessages() => Messages.Select(m => new ChatMessage(new ChatRole(m.Role), m.Content)).ToList();

    /// <summary>The assistant's reply the example trains: the last message's text.</summary>
    public string Reply => Messages[^1].Content;

    /// <summary>The text of the first message with this role, or null.</summary>
    public string? ContentOf(string role) => Messages.FirstOrDefault(m => m.Role == role)?.Content;
}
