namespace LlmWorkbook.Rag;

/// <summary>An answer from retrieved sources, with the sources it cites.</summary>
/// <param name="Question">What was asked.</param>
/// <param name="Reply">The reader's reply as written, with its [n] markers; empty when retrieval found nothing relevant.</param>
/// <param name="Answer">The reply without its markers, or <see cref="Evaluation.EvalSet.NotInCorpus"/>.</param>
/// <param name="Citations">The source numbers the reply cites, from 1, in order of first mention (a number may name no source: see <see cref="CitationChecker"/>).</param>
/// <param name="Sources">The chunks the reader was given, numbered from 1 in this order.</param>
/// <param name="NotInCorpus">Whether the answer is that the corpus does not hold one (retrieval found nothing relevant, or the reader abstained).</param>
public sealed record GroundedAnswer(
    string Question, string Reply, string Answer, IReadOnlyList<int> Citations, IReadOnlyList<RetrievedChunk> Sources, bool NotInCorpus);
