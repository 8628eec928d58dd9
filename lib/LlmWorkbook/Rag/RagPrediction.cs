using LlmWorkbook.Evaluation;

namespace LlmWorkbook.Rag;

/// <summary>One question of a RAG run, scored.</summary>
/// <param name="Question">The evaluation question.</param>
/// <param name="Answer">The grounded answer.</param>
/// <param name="Exact">Exact match against the gold answer (<see cref="AnswerMetrics.Score"/>).</param>
/// <param name="F1">Token F1 against the gold answer.</param>
/// <param name="RecallAt5">The retriever's recall@5 (NaN for an unanswerable question: nothing is relevant).</param>
/// <param name="ReciprocalRank">1 / rank of the first relevant chunk in the top 10, 0 if none (NaN when unanswerable).</param>
/// <param name="SourcesHold">Whether a relevant chunk is among the reader's sources.</param>
/// <param name="Citation">The citation checker's verdict.</param>
public sealed record RagPrediction(
    EvalQuestion Question, GroundedAnswer Answer, bool Exact, double F1, double RecallAt5, double ReciprocalRank, bool SourcesHold, CitationVerdict Citation)
{
    /// <summary>Right, or which stage failed.</summary>
    public RagOutcome Outcome =>
        !Question.Answerable ? (Answer.NotInCorpus ? RagOutcome.Right : RagOutcome.FalseAnswer)
        : F1 >= 0.5 ? RagOutcome.Right
        : SourcesHold ? RagOutcome.ReadingMiss
        : RagOutcome.RetrievalMiss;
}
