namespace LlmWorkbook.Evaluation;

/// <summary>
/// Ranking metrics for retrieval, with trec_eval's definitions: a ranking is the retrieved documents' ids, best first;
/// the judgments give each relevant document a grade (1 for plain relevance; unjudged documents have grade 0).
/// </summary>
public static class RetrievalMetrics
{
    /// <summary>trec_eval's P_k: relevant documents in the top <paramref name="k"/>, divided by k (also when fewer were retrieved).</summary>
    public static double PrecisionAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> grades, int k)
    {
        Check(ranking, grades, k);
        return RelevantInTop(ranking, grades, k) / (double)k;
    }

    /// <summary>trec_eval's recall_k: relevant documents in the top <paramref name="k"/>, divided by all relevant documents.</summary>
    public static double RecallAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> grades, int k)
    {
        Check(ranking, grades, k);
        var relevant = grades.Values.Count(g => g > 0);
        if (relevant == 0)
        {
            throw new ArgumentException("the judgments name no relevant document, so recall is undefined", nameof(grades));
        }
        return RelevantInTop(ranking, grades, k) / (double)relevant;
    }

    /// <summary>trec_eval's recip_rank: 1 over the rank of the first relevant document, 0 when none was retrieved.</summary>
    public static double ReciprocalRank(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> grades)
    {
        Check(ranking, grades, 1);
        for (var i = 0; i < ranking.Count; i++)
        {
            if (grades.GetValueOrDefault(ranking[i]) > 0)
            {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /// <summary>
    /// trec_eval's ndcg_cut_k: the discounted gain of the top <paramref name="k"/> (grade over log2(rank + 1)), divided
    /// by that of the ideal ranking of every judged document, highest grade first; 0 when nothing is relevant.
    /// </summary>
    public static double NdcgAt(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> grades, int k)
    {
        Check(ranking, grades, k);
        var dcg = ranking.Take(k).Select((id, i) => grades.GetValueOrDefault(id) / Math.Log2(i + 2)).Sum();
        var ideal = grades.Values.Where(g => g > 0).OrderDescending().Take(k).Select((g, i) => g / Math.Log2(i + 2)).Sum();
        return ideal > 0 ? dcg / ideal : 0;
    }

    private static int RelevantInTop(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> grades, int k) =>
        ranking.Take(k).Count(id => grades.GetValueOrDefault(id) > 0);

    private static void Check(IReadOnlyList<string> ranking, IReadOnlyDictionary<string, int> grades, int k)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(grades);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (grades.Values.Any(g => g < 0))
        {
            throw new ArgumentException("a grade is negative", nameof(grades));
        }
    }
}
