using System.Globalization;

namespace LlmWorkbook.Evaluation;

/// <summary>
/// Reading-comprehension scores over a set of predictions: exact match and F1 over every question (SQuAD 2.0's
/// convention: an unanswerable question scores 1 when the model abstains), F1 over the answerable questions only, and
/// abstention accuracy — the share of questions where the model abstained exactly when it should have.
/// </summary>
public sealed record QaScores(int Count, double Exact, double F1, double AnswerableF1, double AbstainAccuracy)
{
    /// <summary>The scores of a set of predictions.</summary>
    public static QaScores Of(IReadOnlyCollection<QaPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count == 0)
        {
            throw new ArgumentException("no predictions to score", nameof(predictions));
        }
        var answerable = predictions.Where(p => p.Item.Question.Answerable).ToList();
        return new QaScores(
            predictions.Count,
            predictions.Average(p => p.Exact ? 1.0 : 0.0),
            predictions.Average(p => p.F1),
            answerable.Count == 0 ? double.NaN : answerable.Average(p => p.F1),
            predictions.Average(p => p.Abstained != p.Item.Question.Answerable ? 1.0 : 0.0));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Count} questions: exact {Exact:F3}, F1 {F1:F3} (answerable {AnswerableF1:F3}), abstention accuracy {AbstainAccuracy:F3}");
}
