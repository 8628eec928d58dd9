namespace LlmWorkbook.Rag;

/// <summary>
/// Okapi BM25 over a fixed set of documents, scored as Lucene's BM25Similarity defines it: for each query term t
/// (repeated terms count again), idf(t) · tf · (k1 + 1) / (tf + k1 · (1 − b + b · dl / avgdl)), with
/// idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5)); tf is the term's count in the document, dl the document's length
/// in terms and avgdl the mean exact length. Lucene stores dl lossily in one byte and computes in single precision;
/// this index keeps dl exact and computes in double precision unless asked for <see cref="Bm25Scoring.Lucene48"/>.
/// </summary>
public sealed class Bm25Index
{
    /// <summary>Lucene's default English stop words (StandardAnalyzer).</summary>
    public static IReadOnlySet<string> StopWords { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of", "on",
        "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    };

    private static readonly Comparer<(double Score, int Document)> WorstFirst = Comparer<(double Score, int Document)>.Create(
        (x, y) => x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Document.CompareTo(x.Document));

    // One score per document, all zero between searches; per thread, so that searches may run in parallel.
    [ThreadStatic]
    private static double[]? t_scores;

    private readonly string[] _ids;
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    // Per term id: the documents that hold it (ascending), its count in each, and its idf.
    private readonly int[][] _postingDocuments;
    private readonly int[][] _postingCounts;
    private readonly double[] _idfs;
    // Per document: k1 · (1 − b + b · dl / avgdl), the part of the term weight that does not depend on the term
    // (with Lucene48, a float, computed as Lucene does).
    private readonly double[] _lengthNorms;

    /// <param name="documents">Ids (unique) and texts.</param>
    /// <param name="k1">How fast a term's weight saturates with its count (Lucene's default 1.2).</param>
    /// <param name="b">How much a document's length normalizes its counts, 0 to 1 (Lucene's default 0.75).</param>
    /// <param name="scoring">Exact, or as Lucene.Net 4.8 computes it.</param>
    public Bm25Index(IEnumerable<(string Id, string Text)> documents, double k1 = 1.2, double b = 0.75, Bm25Scoring scoring = Bm25Scoring.Exact)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentOutOfRangeException.ThrowIfNegative(k1);
        if (b is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "b must be between 0 and 1");
        }
        if (!Enum.IsDefined(scoring))
        {
            throw new ArgumentOutOfRangeException(nameof(scoring), scoring, "not a Bm25Scoring");
        }
        (K1, B, Scoring) = (k1, b, scoring);
        var ids = new List<string>();
        var lengths = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var postings = new List<(List<int> Documents, List<int> Counts)>();
        var counts = new Dictionary<int, int>();
        foreach (var (id, text) in documents)
        {
            ArgumentNullException.ThrowIfNull(id, nameof(documents));
            if (!seen.Add(id))
            {
                throw new ArgumentException($"the document id '{id}' is used twice", nameof(documents));
            }
            counts.Clear();
            var length = 0;
            foreach (var term in Analyze(text ?? ""))
            {
                if (!_termIds.TryGetValue(term, out var termId))
                {
                    _termIds[term] = termId = postings.Count;
                    postings.Add(([], []));
                }
                counts[termId] = counts.GetValueOrDefault(termId) + 1;
                length++;
            }
            foreach (var (termId, count) in counts)
            {
                postings[termId].Documents.Add(ids.Count);
                postings[termId].Counts.Add(count);
            }
            ids.Add(id);
            lengths.Add(length);
        }
        _ids = [.. ids];
        _postingDocuments = [.. postings.Select(p => p.Documents.ToArray())];
        _postingCounts = [.. postings.Select(p => p.Counts.ToArray())];
        _idfs = [.. _postingDocuments.Select(p => Idf(p.Length))];
        var averageLength = lengths.Count == 0 ? 0 : lengths.Average();
        _lengthNorms = [.. lengths.Select(length => Scoring == Bm25Scoring.Lucene48
            ? LuceneLengthNorm((float)K1, (float)B, (float)LuceneOneByteLength(length), (float)averageLength)
            : K1 * (1 - B + B * length / averageLength))];
    }

    /// <summary>The term-frequency saturation parameter.</summary>
    public double K1 { get; }

    /// <summary>The length-normalization parameter.</summary>
    public double B { get; }

    /// <summary>Exact, or as Lucene computes it.</summary>
    public Bm25Scoring Scoring { get; }

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

    /// <summary>
    /// A document length as Lucene 4.8's BM25Similarity reads it back from its one-byte norm: 1/√length as a float,
    /// cut to 3 mantissa bits and a 5-bit exponent (SmallFloat.floatToByte315, which truncates), decoded and inverted
    /// (1 stays 1, 2 becomes 2.56, 100 becomes 113.78).
    /// </summary>
    public static double LuceneOneByteLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        const int zeroExponent = (63 - 15) << 3;
        var bits = BitConverter.SingleToInt32Bits(1f / (float)Math.Sqrt(length));
        var code = Math.Clamp((bits >> 21) - zeroExponent, 1, 255); // too small keeps the smallest code, too large the largest
        var norm = BitConverter.Int32BitsToSingle((code << 21) + ((63 - 15) << 24));
        return 1f / (norm * norm);
    }

    /// <summary>A term's inverse document frequency, ln(1 + (N − n + 0.5) / (n + 0.5)).</summary>
    public double Idf(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return Idf(_termIds.TryGetValue(term, out var termId) ? _postingDocuments[termId].Length : 0);
    }

    /// <summary>The <paramref name="top"/> best-scoring documents with a score above 0, best first (ties by index order).</summary>
    public IReadOnlyList<(string Id, double Score)> Search(string query, int top)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var termIds = new List<int>();
        foreach (var term in Analyze(query))
        {
            if (_termIds.TryGetValue(term, out var termId))
            {
                termIds.Add(termId);
            }
        }
        if (termIds.Count == 0)
        {
            return [];
        }
        var scores = t_scores is { } buffer && buffer.Length >= Count ? buffer : t_scores = new double[Count];
        foreach (var termId in termIds)
        {
            if (Scoring == Bm25Scoring.Lucene48)
            {
                AddLuceneTermScores(scores, termId);
            }
            else
            {
                AddTermScores(scores, termId);
            }
        }
        // Every scored document is in some query term's postings: collect the best, and leave the buffer zero.
        var best = new PriorityQueue<int, (double Score, int Document)>(Math.Min(top, Count), WorstFirst);
        foreach (var termId in termIds)
        {
            foreach (var document in _postingDocuments[termId])
            {
                var score = Scoring == Bm25Scoring.Lucene48 ? (float)scores[document] : scores[document];
                if (score <= 0)
                {
                    continue;
                }
                scores[document] = 0;
                if (best.Count < top)
                {
                    best.Enqueue(document, (score, document));
                }
                else if (best.TryPeek(out _, out var worst) && WorstFirst.Compare((score, document), worst) > 0)
                {
                    best.DequeueEnqueue(document, (score, document));
                }
            }
        }
        var results = new (string Id, double Score)[best.Count];
        for (var i = results.Length - 1; i >= 0; i--)
        {
            best.TryDequeue(out var document, out var priority);
            results[i] = (_ids[document], priority.Score);
        }
        return results;
    }

    // BM25Similarity's cache entry for a norm: float arithmetic, in its order.
    private static float LuceneLengthNorm(float k1, float b, float length, float averageLength) => k1 * ((1 - b) + b * length / averageLength);

    private double Idf(int documentFrequency) => Math.Log(1 + (Count - documentFrequency + 0.5) / (documentFrequency + 0.5));

    private void AddTermScores(double[] scores, int termId)
    {
        var (documents, counts, idf, k1Plus1) = (_postingDocuments[termId], _postingCounts[termId], _idfs[termId], K1 + 1);
        for (var i = 0; i < documents.Length; i++)
        {
            var document = documents[i];
            scores[document] += idf * (counts[i] * k1Plus1 / (counts[i] + _lengthNorms[document]));
        }
    }

    // BM25DocScorer.Score: weight · freq / (freq + norm) in float, weight = idf · (k1 + 1). Lucene's Boolean scorers add
    // the terms' floats in double (exactly, for scores of these sizes, so their order does not matter) and round to float.
    private void AddLuceneTermScores(double[] scores, int termId)
    {
        var (documents, counts) = (_postingDocuments[termId], _postingCounts[termId]);
        var weight = (float)_idfs[termId] * ((float)K1 + 1);
        for (var i = 0; i < documents.Length; i++)
        {
            var (document, count) = (documents[i], (float)counts[i]);
            scores[document] += weight * count / (count + (float)_lengthNorms[document]);
        }
    }
}
