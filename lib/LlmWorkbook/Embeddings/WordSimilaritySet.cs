using System.Globalization;

namespace LlmWorkbook.Embeddings;

/// <summary>
/// A word-similarity gold set (in the spirit of WordSim-353 and SimLex-999): tab-separated lines
/// "first second score", '#' starts a comment. The standard intrinsic test of word vectors is the rank
/// correlation between the gold scores and the vectors' cosine similarities.
/// </summary>
public sealed class WordSimilaritySet
{
    public IReadOnlyList<WordPair> Pairs { get; }

    public WordSimilaritySet(IReadOnlyList<WordPair> pairs) => Pairs = pairs;

    public static WordSimilaritySet Load(string path) => Parse(File.ReadAllLines(path));

    public static WordSimilaritySet Parse(IEnumerable<string> lines)
    {
        var pairs = new List<WordPair>();
        var lineNumber = 0;
        foreach (var raw in lines)
        {
            lineNumber++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var parts = line.Split('\t', StringSplitOptions.TrimEntries);
            if (parts.Length != 3 || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
            {
                throw new FormatException($"line {lineNumber}: expected 'first<TAB>second<TAB>score', got '{raw}'.");
            }
            pairs.Add(new WordPair(parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant(), score));
        }
        return new WordSimilaritySet(pairs);
    }

    public SimilarityEvaluation Evaluate(WordEmbeddings embeddings)
    {
        var scored = Pairs.Where(p => embeddings.Contains(p.First) && embeddings.Contains(p.Second))
            .Select(p => (p, embeddings.Cosine(p.First, p.Second)))
            .ToList();
        var rho = scored.Count < 2 ? double.NaN
            : RankCorrelation.Spearman(scored.Select(s => s.p.Score).ToList(), scored.Select(s => s.Item2).ToList());
        return new SimilarityEvaluation(rho, scored.Count, Pairs.Count, scored);
    }
}
