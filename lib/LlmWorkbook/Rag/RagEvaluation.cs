using LlmWorkbook.Evaluation;

namespace LlmWorkbook.Rag;

/// <summary>
/// Runs a RAG pipeline over evaluation questions: for each, the retriever's top 10 (scored against
/// <see cref="RelevanceJudgments"/>), the grounded answer read from the first of them, its score against the gold
/// answer and its citations checked.
/// </summary>
public static class RagEvaluation
{
    /// <summary>Chunks retrieved per question: enough for MRR and recall@5, and for the reader's sources.</summary>
    public const int Retrieved = 10;

    /// <summary>Every question in turn (the course model answers one request at a time).</summary>
    public static async Task<List<RagPrediction>> RunAsync(
        GroundedAnswerer answerer, IEnumerable<EvalQuestion> questions, RelevanceJudgments judgments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answerer);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(judgments);
        var predictions = new List<RagPrediction>();
        foreach (var question in questions)
        {
            var retrieved = await answerer.Retriever.RetrieveAsync(question.Question, Math.Max(Retrieved, answerer.Options.Sources), cancellationToken).ConfigureAwait(false);
            var answer = await answerer.AnswerAsync(question.Question, retrieved, cancellationToken).ConfigureAwait(false);
            var (exact, f1) = AnswerMetrics.Score(question, answer.Answer);
            var grades = judgments.For(question);
            var ranking = retrieved.Select(r => r.Chunk.Id).ToList();
            predictions.Add(new RagPrediction(
                question, answer, exact, f1,
                grades.Count == 0 ? double.NaN : RetrievalMetrics.RecallAt(ranking, grades, 5),
                grades.Count == 0 ? double.NaN : RetrievalMetrics.ReciprocalRank(ranking.Take(Retrieved).ToList(), grades),
                answer.Sources.Any(s => grades.ContainsKey(s.Chunk.Id)),
                CitationChecker.Check(answer)));
        }
        return predictions;
    }

    /// <summary>The retriever alone: mean recall@k and MRR (top 10) over the answerable questions.</summary>
    public static async Task<(double RecallAtK, double Mrr)> RetrievalAsync(
        IChunkRetriever retriever, IEnumerable<EvalQuestion> questions, RelevanceJudgments judgments, int k = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(judgments);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var (recall, mrr, count) = (0.0, 0.0, 0);
        foreach (var question in questions.Where(q => q.Answerable))
        {
            var ranking = (await retriever.RetrieveAsync(question.Question, Math.Max(k, Retrieved), cancellationToken).ConfigureAwait(false))
                .Select(r => r.Chunk.Id).ToList();
            var grades = judgments.For(question);
            recall += RetrievalMetrics.RecallAt(ranking, grades, k);
            mrr += RetrievalMetrics.ReciprocalRank(ranking.Take(Retrieved).ToList(), grades);
            count++;
        }
        if (count == 0)
        {
            throw new ArgumentException("no answerable question to score retrieval on", nameof(questions));
        }
        return (recall / count, mrr / count);
    }
}
