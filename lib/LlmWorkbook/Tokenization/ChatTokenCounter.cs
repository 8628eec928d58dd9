using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tokenization;

/// <summary>
/// Counts the prompt tokens of a chat for a model whose template is hidden behind an API: content and role tokens
/// from the model's tokenizer, plus a fixed overhead per message and for priming the reply. OpenAI documents
/// 3 tokens per message, 1 more when a name is set, and 3 for the reply primer for its GPT-3.5/GPT-4 chat models;
/// other providers differ, so treat the result as an estimate and check it against the usage the API reports.
/// </summary>
/// <param name="CountText">Tokens of a string, e.g. a Microsoft.ML.Tokenizers tokenizer's CountTokens.</param>
/// <param name="TokensPerMessage">Template tokens around each message (role markers and separators).</param>
/// <param name="TokensPerName">Extra tokens for a message whose author name is set (besides the name's own tokens).</param>
/// <param name="ReplyPrimer">Tokens that open the assistant's reply, counted once per chat.</param>
public sealed record ChatTokenCounter(Func<string, int> CountText, int TokensPerMessage = 3, int TokensPerName = 1, int ReplyPrimer = 3)
{
    public int Count(IEnumerable<ChatMessage> messages)
    {
        var total = ReplyPrimer;
        foreach (var message in messages)
        {
            total += TokensPerMessage + CountText(message.Role.Value) + CountText(message.Text);
            if (message.AuthorName is { Length: > 0 } name)
            {
                total += TokensPerName + CountText(name);
            }
        }
        return total;
    }
}
