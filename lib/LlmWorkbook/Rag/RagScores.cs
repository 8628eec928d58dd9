using System.Globalization;

namespace LlmWorkbook.Rag;

/// <summary>
/// A RAG run summed up: exact match and F1 over every question (an unanswerable question scores 1 when declined),
/// F1 over the answerable ones, citation accuracy (the share of answers whose citations the checker accepts), the
/// retriever's recall@5 and MRR over the answerable questions, and how many questions ended each way.
/// </summary>
public sealed record RagScores(
    string Pipeline, int Count, double Exact, double F1, double AnswerableF1, double CitationAccuracy, double RecallAt5, double Mrr,
    IReadOnlyDictionary<RagOutcome, int> Outcomes)
{
    /// <summary>The scores of a run's predictions.</summary>
    public static RagScores Of(string pipeline, IReadOnlyCollection<RagPrediction> predictions)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipeline);
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count == 0)
        {
            throw new ArgumentException("no predictions to score", nameof(predictions));
        }
        var answerable = predictions.Where(p => p.Question.Answerable).ToList();
        var answered = predictions.Where(p => p.Citation.Answered).ToList();
        return new RagScores(
            pipeline,
            predictions.Count,
            predictions.Average(p => p.Exact ? 1.0 : 0.0),
            predictions.Average(p => p.F1),
            answerable.Count == 0 ? double.NaN : answerable.Average(p => p.F1),
            answered.Count == 0 ? double.NaN : answered.Average(p => p.Citation.Valid ? 1.0 : 0.0),
            answerable.Count == 0 ? double.NaN : answerable.Average(p => p.RecallAt5),
            answerable.Count == 0 ? double.NaN : answerable.Average(p => p.ReciprocalRank),
            Enum.GetValues<RagOutcome>().ToDictionary(o => o, o => predictions.Count(p => p.Outcome == o)));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Pipeline}: {Count} questions, exact {Exact:F3}, F1 {F1:F3} (answerable {AnswerableF1:F3}), citations {CitationAccuracy:F3}, recall@5 {RecallAt5:F3}, MRR {Mrr:F3}");
}
