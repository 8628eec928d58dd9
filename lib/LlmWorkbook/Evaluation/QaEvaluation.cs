using LlmWorkbook.Chat;
using LlmWorkbook.FineTuning;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Evaluation;

/// <summary>
/// Runs reading comprehension over evaluation questions with their contexts (<see cref="QaContexts"/>): a chat client
/// answers each in turn, or the <see cref="LexicalBaseline"/> does, and each answer is scored
/// (<see cref="AnswerMetrics"/>); <see cref="QaScores.Of"/> sums them up.
/// </summary>
public static class QaEvaluation
{
    /// <summary>The prompt the assistant was fine-tuned with: the question-answering system prompt and the context and question.</summary>
    public static IList<ChatMessage> InstructionPrompt(QaItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return
        [
            new ChatMessage(ChatRole.System, InstructionData.QaSystemPrompt),
            new ChatMessage(ChatRole.User, InstructionData.QaUserMessage(item.Context, item.Question.Question)),
        ];
    }

    /// <summary>The question alone, with the assistant's conversational system prompt: what its weights know (closed book).</summary>
    public static IList<ChatMessage> ClosedBookPrompt(QaItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return
        [
            new ChatMessage(ChatRole.System, InstructionData.ChatSystemPrompt),
            new ChatMessage(ChatRole.User, item.Question.Question),
        ];
    }

    /// <summary>
    /// Asks <paramref name="client"/> every question, one after another (the course model runs one request at a time).
    /// </summary>
    /// <param name="client">The model to ask.</param>
    /// <param name="items">The questions and their contexts.</param>
    /// <param name="prompt">The messages for a question; default <see cref="InstructionPrompt"/>.</param>
    /// <param name="answerOf">The part of a reply to score; default the whole reply, trimmed.</param>
    /// <param name="options">Passed to every request (e.g. greedy: Temperature 0).</param>
    /// <param name="copyFromContext">
    /// Whether the reply must be copied from the item's context (<see cref="CourseChatClient.CopyFromKey"/>; the course
    /// model only — a hosted one ignores it). The abstention is not in the context, so the model cannot abstain.
    /// </param>
    /// <param name="cancellationToken">Stops between or during requests.</param>
    public static async Task<List<QaPrediction>> RunAsync(
        IChatClient client, IEnumerable<QaItem> items, ChatOptions? options = null,
        Func<QaItem, IList<ChatMessage>>? prompt = null, Func<string, string>? answerOf = null, bool copyFromContext = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(items);
        prompt ??= InstructionPrompt;
        answerOf ??= reply => reply.Trim();
        var predictions = new List<QaPrediction>();
        foreach (var item in items)
        {
            var asked = options?.Clone() ?? new ChatOptions();
            if (copyFromContext)
            {
                (asked.AdditionalProperties ??= [])[CourseChatClient.CopyFromKey] = item.Context;
            }
            var response = await client.GetResponseAsync(prompt(item), asked, cancellationToken).ConfigureAwait(false);
            predictions.Add(Score(item, response.Text, answerOf(response.Text), response.Usage?.OutputTokenCount ?? 0));
        }
        return predictions;
    }

    /// <summary>The lexical baseline's answer to every question.</summary>
    public static List<QaPrediction> Baseline(IEnumerable<QaItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Select(item =>
        {
            var answer = LexicalBaseline.Answer(item.Context, item.Question.Question);
            return Score(item, answer, answer, 0);
        }).ToList();
    }

    /// <summary>A reply scored against its question.</summary>
    public static QaPrediction Score(QaItem item, string reply, string answer, long outputTokens)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (exact, f1) = AnswerMetrics.Score(item.Question, answer);
        return new QaPrediction(item, reply, answer, exact, f1, AnswerMetrics.IsAbstention(answer), outputTokens);
    }
}
