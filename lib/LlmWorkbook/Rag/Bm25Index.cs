namespace LlmWorkbook.Rag;

/// <summary>
/// Okapi BM25 over a fixed set of documents, scored as Lucene's BM25Similarity defines it: for each query term t
/// (repeated terms count again), idf(t) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · dl / avgdl)), with
/// idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5)); tf is the term's count in the document, dl the document's length
/// in terms and avgdl the mean length. Lucene stores dl lossily in one byte; this index keeps it exact.
/// </summary>
public sealed class Bm25Index
{
    /// <summary>Lucene's default English stop words (StandardAnalyzer).</summary>
    public static IReadOnlySet<string> StopWords { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of", "on",
        "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    };

    private readonly string[] _ids;
    private readonly int[] _lengths;
    private readonly Dictionary<string, List<(int Document, int Count)>> _postings = new(StringComparer.Ordinal);
    private readonly double _averageLength;

    /// <param name="documents">Ids (unique) and texts.</param>
    /// <param name="k1">How fast a term's weight saturates with its count (Lucene's default 1.2).</param>
    /// <param name="b">How much a document's length normalizes its counts, 0 to 1 (Lucene's default 0.75).</param>
    public Bm25Index(IEnumerable<(string Id, string Text)> documents, double k1 = 1.2, double b = 0.75)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfNegative(k1);
        if (b is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "b must be between 0 and 1");
        }
        (K1, B) = (k1, b);
        var ids = new List<string>();
        var lengths = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, text) in documents)
        {
            ArgumentNullException.ThrowIfNull(id, nameof(documents));
            if (!seen.Add(id))
            {
                throw new ArgumentException($"the document id '{id}' is used twice", nameof(documents));
            }
            var terms = Analyze(text ?? "").ToList();
            foreach (var group in terms.GroupBy(t => t, StringComparer.Ordinal))
            {
                if (!_postings.TryGetValue(group.Key, out var list))
                {
                    _postings[group.Key] = list = [];
                }
                list.Add((ids.Count, group.Count()));
            }
            ids.Add(id);
            lengths.Add(terms.Count);
        }
        _ids = [.. ids];
        _lengths = [.. lengths];
        _averageLength = _lengths.Length == 0 ? 0 : _lengths.Average();
    }

    /// <summary>The term-frequency saturation parameter.</summary>
    public double K1 { get; }

    /// <summary>The length-normalization parameter.</summary>
    public double B { get; }

    /// <summary>Documents indexed.</summary>
    public int Count => _ids.Length;

    /// <summary>The terms of a text: its <see cref="Words"/> without <see cref="StopWords"/>.</summary>
    public static IEnumerable<string> Analyze(string text) => Words(text).Where(w => !StopWords.Contains(w));

    /// <summary>The lower-cased runs of letters and digits of a text, in order ("3,000" is "3" and "000").</summary>
    public static IEnumerable<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    /// <summary>A term's inverse document frequency, ln(1 + (N − n + 0.5) / (n + 0.5)).</summary>
    public double Idf(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var n = _postings.TryGetValue(term, out var list) ? list.Count : 0;
        return Math.Log(1 + (Count - n + 0.5) / (n + 0.5));
    }

    /// <summary>The <paramref name="top"/> best-scoring documents with a score above 0, best first (ties by index order).</summary>
    public IReadOnlyList<(string Id, double Score)> Search(string query, int top)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var scores = new Dictionary<int, double>();
        foreach (var term in Analyze(query))
        {
            if (!_postings.TryGetValue(term, out var list))
            {
                continue;
            }
            var idf = Idf(term);
            foreach (var (document, count) in list)
            {
                scores[document] = scores.GetValueOrDefault(document) + idf * TermWeight(count, _lengths[document]);
            }
        }
        return scores.Where(s => s.Value > 0).OrderByDescending(s => s.Value).ThenBy(s => s.Key).Take(top)
            .Select(s => (_ids[s.Key], s.Value)).ToList();
    }

    private double TermWeight(int count, int length) =>
        count * (K1 + 1) / (count + K1 * (1 - B + B * length / _averageLength));
}
