namespace LlmWorkbook.Rag;

/// <summary>
/// Merges rankings of the same chunks from different retrievers into one. Ties keep the order in which the chunks were
/// first met, going through the rankings in turn, rank by rank.
/// </summary>
public static class RankFusion
{
    /// <summary>The constant of reciprocal-rank fusion in Cormack, Clarke and Büttcher (2009).</summary>
    public const int DefaultRrfK = 60;

    /// <summary>
    /// Reciprocal-rank fusion: a chunk's score is the sum over the rankings that hold it of 1 / (k + rank), rank counted
    /// from 1. Scores are ignored, so rankings on incomparable scales (BM25, cosine) mix without tuning.
    /// </summary>
    public static IReadOnlyList<RetrievedChunk> Reciprocal(IReadOnlyList<IReadOnlyList<RetrievedChunk>> rankings, int top, int k = DefaultRrfK)
    {
        CheckRankings(rankings, top);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return Fuse(rankings, top, ranking => ranking.Select((hit, index) => 1.0 / (k + index + 1)).ToArray());
    }

    /// <summary>
    /// Weighted score fusion: each ranking's scores are scaled to [0, 1] by min-max over that ranking (all 1 when they
    /// are equal), and a chunk's score is the weighted sum of its scaled scores (0 from a ranking that lacks it).
    /// </summary>
    public static IReadOnlyList<RetrievedChunk> Weighted(IReadOnlyList<IReadOnlyList<RetrievedChunk>> rankings, IReadOnlyList<double> weights, int top)
    {
        CheckRankings(rankings, top);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != rankings.Count || weights.Any(w => w < 0 || !double.IsFinite(w)))
        {
            throw new ArgumentException($"give one finite weight of at least 0 for each of the {rankings.Count} rankings", nameof(weights));
        }
        var index = 0;
        return Fuse(rankings, top, ranking =>
        {
            var weight = weights[index++];
            if (ranking.Count == 0)
            {
                return [];
            }
            var (min, max) = (ranking.Min(h => h.Score), ranking.Max(h => h.Score));
            return ranking.Select(h => weight * (max > min ? (h.Score - min) / (max - min) : 1)).ToArray();
        });
    }

    private static List<RetrievedChunk> Fuse(IReadOnlyList<IReadOnlyList<RetrievedChunk>> rankings, int top, Func<IReadOnlyList<RetrievedChunk>, double[]> contributions)
    {
        var perRanking = rankings.Select(contributions).ToList();
        var fused = new Dictionary<string, (Chunk Chunk, double Score, int FirstMet)>(StringComparer.Ordinal);
        var longest = rankings.Max(r => r.Count);
        for (var rank = 0; rank < longest; rank++)
        {
            for (var r = 0; r < rankings.Count; r++)
            {
                if (rank >= rankings[r].Count)
                {
                    continue;
                }
                var chunk = rankings[r][rank].Chunk;
                fused[chunk.Id] = fused.TryGetValue(chunk.Id, out var seen)
                    ? seen with { Score = seen.Score + perRanking[r][rank] }
                    : (chunk, perRanking[r][rank], fused.Count);
            }
        }
        return fused.Values.OrderByDescending(f => f.Score).ThenBy(f => f.FirstMet).Take(top)
            .Select(f => new RetrievedChunk(f.Chunk, f.Score)).ToList();
    }

    private static void CheckRankings(IReadOnlyList<IReadOnlyList<RetrievedChunk>> rankings, int top)
    {
        ArgumentNullException.ThrowIfNull(rankings);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        if (rankings.Count == 0 || rankings.Any(r => r is null))
        {
            throw new ArgumentException("give at least one ranking, and no null ranking", nameof(rankings));
        }
        foreach (var ranking in rankings)
        {
            if (ranking.Select(h => h.Chunk.Id).Distinct(StringComparer.Ordinal).Count() != ranking.Count)
            {
                throw new ArgumentException("a ranking holds the same chunk twice", nameof(rankings));
            }
        }
    }
}
