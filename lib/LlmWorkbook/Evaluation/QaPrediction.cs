namespace LlmWorkbook.Evaluation;

/// <summary>One answer to an evaluation question, scored with <see cref="AnswerMetrics.Score"/>.</summary>
/// <param name="Item">The question and its context.</param>
/// <param name="Reply">The model's whole reply.</param>
/// <param name="Answer">The part of the reply that was scored (the reply itself unless a prompt asks for reasoning first).</param>
/// <param name="Exact">Whether the answer matches the gold one exactly (after normalization), or abstains on an unanswerable question.</param>
/// <param name="F1">Word-overlap F1 against the gold answer (1 for an abstention on an unanswerable question).</param>
/// <param name="Abstained">Whether the answer declines to answer (<see cref="AnswerMetrics.IsAbstention"/>).</param>
/// <param name="OutputTokens">Reply tokens, when the client reports usage (0 otherwise).</param>
public sealed record QaPrediction(QaItem Item, string Reply, string Answer, bool Exact, double F1, bool Abstained, long OutputTokens);
