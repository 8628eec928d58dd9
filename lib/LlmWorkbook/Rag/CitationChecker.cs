using LlmWorkbook.Evaluation;

namespace LlmWorkbook.Rag;

/// <summary>
/// Checks a grounded answer's citations: every cited number must name a source the reader was given, and a cited
/// source must contain the answer span — after <see cref="AnswerMetrics.Normalize"/> (case, punctuation, articles and
/// spacing aside), so a reader cannot cite a source that does not say what it answered.
/// </summary>
public static class CitationChecker
{
    /// <summary>The verdict on one answer.</summary>
    public static CitationVerdict Check(GroundedAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.NotInCorpus)
        {
            return new CitationVerdict(Answered: false, Cited: answer.Citations.Count > 0, MissingSources: [], Supported: false);
        }
        var missing = answer.Citations.Where(n => n < 1 || n > answer.Sources.Count).ToList();
        var span = AnswerMetrics.Normalize(answer.Answer);
        var supported = span.Length > 0 && answer.Citations.Except(missing)
            .Any(n => AnswerMetrics.Normalize(answer.Sources[n - 1].Chunk.Text).Contains(span, StringComparison.Ordinal));
        return new CitationVerdict(Answered: true, Cited: answer.Citations.Count > 0, missing, supported);
    }
}
