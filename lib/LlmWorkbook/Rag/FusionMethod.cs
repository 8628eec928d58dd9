namespace LlmWorkbook.Rag;

/// <summary>How <see cref="HybridRetriever"/> merges its retrievers' rankings (see <see cref="RankFusion"/>).</summary>
public enum FusionMethod
{
    /// <summary>Reciprocal-rank fusion.</summary>
    ReciprocalRank,

    /// <summary>Weighted sum of min-max-scaled scores.</summary>
    WeightedScore,
}
