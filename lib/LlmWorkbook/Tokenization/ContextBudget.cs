using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tokenization;

/// <summary>
/// A context window split into prompt and reply: the prompt may use <see cref="PromptLimit"/> tokens, the rest is
/// kept free for the model's answer.
/// </summary>
public sealed record ContextBudget(int ContextWindow, int ReservedForReply)
{
    public int PromptLimit => ContextWindow - ReservedForReply;

    public bool Fits(int promptTokens) => promptTokens <= PromptLimit;

    /// <summary>
    /// Drops the oldest messages that are not system messages until the prompt fits; system messages and the last
    /// message are always kept. Throws when even those do not fit.
    /// </summary>
    public IReadOnlyList<ChatMessage> Trim(IReadOnlyList<ChatMessage> messages, Func<IReadOnlyList<ChatMessage>, int> countTokens)
    {
        var kept = messages.ToList();
        while (!Fits(countTokens(kept)))
        {
            var oldest = kept.FindIndex(m => m.Role != ChatRole.System);
            if (oldest < 0 || oldest == kept.Count - 1)
            {
                throw new InvalidOperationException(
                    $"The system messages and the last message alone need {countTokens(kept)} tokens; the prompt limit is {PromptLimit}.");
            }
            kept.RemoveAt(oldest);
        }
        return kept;
    }
}
