namespace LlmWorkbook.Gpt;

/// <summary>
/// The count-based baseline: P(next | previous) from bigram counts, smoothed towards the unigram distribution
/// (P = (count(a,b) + α·P(b)) / (count(a) + α)), so unseen pairs keep a small probability.
/// </summary>
public sealed class BigramModel
{
    private readonly Dictionary<long, int> pairCounts = new();
    private readonly int[] previousCounts;
    private readonly double[] unigram;
    private readonly int vocabSize;

    public BigramModel(int vocabSize, IReadOnlyList<int> tokens, double alpha = 1.0)
    {
        Alpha = alpha;
        this.vocabSize = vocabSize;
        previousCounts = new int[vocabSize];
        var unigramCounts = new int[vocabSize];
        foreach (var t in tokens)
        {
            unigramCounts[t]++;
        }
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            previousCounts[tokens[i]]++;
            var key = Key(tokens[i], tokens[i + 1]);
            pairCounts[key] = pairCounts.GetValueOrDefault(key) + 1;
        }
        // Unigram with add-one smoothing, so every token of the vocabulary has non-zero probability.
        unigram = unigramCounts.Select(c => (c + 1.0) / (tokens.Count + vocabSize)).ToArray();
    }

    private BigramModel(BigramModel counts, double alpha)
    {
        (pairCounts, previousCounts, unigram, vocabSize) = (counts.pairCounts, counts.previousCounts, counts.unigram, counts.vocabSize);
        Alpha = alpha;
    }

    /// <summary>The same counts with another smoothing, without counting again.</summary>
    public BigramModel WithAlpha(double alpha) => new(this, alpha);

    public double Alpha { get; }

    public double Probability(int previous, int next)
        => (pairCounts.GetValueOrDefault(Key(previous, next)) + Alpha * unigram[next]) / (previousCounts[previous] + Alpha);

    /// <summary>exp of the mean negative log-probability of each token given the one before it.</summary>
    public double Perplexity(IReadOnlyList<int> tokens)
    {
        double nll = 0;
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            nll -= Math.Log(Probability(tokens[i], tokens[i + 1]));
        }
        return Math.Exp(nll / (tokens.Count - 1));
    }

    private long Key(int previous, int next) => (long)previous * vocabSize + next;
}
