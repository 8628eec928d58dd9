using System.Text.RegularExpressions;
using LlmWorkbook.Evaluation;
using LlmWorkbook.FineTuning;
using LlmWorkbook.Tokenization;

namespace LlmWorkbook.Rag;

/// <summary>
/// Which chunks of a chunking answer an evaluation question, for the retrieval metrics: a chunk is relevant when it
/// comes from the question's address (same year and president), overlaps the sentences of the question's evidence,
/// and contains its answer (case and spacing aside). When the chunking cut every such chunk through the answer, the
/// chunks that overlap the evidence count instead, so every answerable question has a relevant chunk. An unanswerable
/// question has none.
/// </summary>
public sealed partial class RelevanceJudgments
{
    private readonly ILookup<(int Year, string President), Chunk> _chunksByAddress;
    private readonly IReadOnlyList<CourseCorpus.Address> _addresses;

    /// <param name="chunks">A chunking of <paramref name="addresses"/> (ids unique).</param>
    /// <param name="addresses">The addresses the chunks and the questions come from; the whole corpus by default.</param>
    public RelevanceJudgments(IEnumerable<Chunk> chunks, IReadOnlyList<CourseCorpus.Address>? addresses = null)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        _chunksByAddress = chunks.ToLookup(c => (c.Year, c.President));
        _addresses = addresses ?? CourseCorpus.LoadAllAddresses();
    }

    /// <summary>The relevant chunks' ids, each with grade 1, as <see cref="RetrievalMetrics"/> takes them; empty for an unanswerable question.</summary>
    public IReadOnlyDictionary<string, int> For(EvalQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (question.Evidence is not { } evidence)
        {
            return new Dictionary<string, int>();
        }
        var address = _addresses.FirstOrDefault(a => a.Year == question.Year && a.President == question.President)
            ?? throw new ArgumentException($"question {question.Id}: no {question.Year} address by {question.President}", nameof(question));
        var start = address.Text.IndexOf(evidence, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new ArgumentException($"question {question.Id}: its evidence does not occur in the {question.Year} address", nameof(question));
        }
        var sentences = SentenceSplitter.Split(address.Text);
        var first = sentences.Count(s => s.End <= start);
        var last = sentences.Count(s => s.Start < start + evidence.Length) - 1;
        var overlapping = _chunksByAddress[(address.Year, address.President)]
            .Where(c => c.FirstSentence <= last && c.LastSentence >= first)
            .ToList();
        var answer = Normalized(question.Answer);
        var withAnswer = overlapping.Where(c => Normalized(c.Text).Contains(answer, StringComparison.Ordinal)).ToList();
        return (withAnswer.Count > 0 ? withAnswer : overlapping).ToDictionary(c => c.Id, _ => 1);
    }

    private static string Normalized(string text) => Whitespace().Replace(text, " ").Trim().ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
