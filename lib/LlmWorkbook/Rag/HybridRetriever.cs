namespace LlmWorkbook.Rag;

/// <summary>
/// Retrieval by several retrievers at once (typically BM25 and a dense one), each asked for
/// <see cref="Candidates"/> chunks, their rankings merged by <see cref="RankFusion"/>.
/// </summary>
public sealed class HybridRetriever : IChunkRetriever
{
    private readonly IReadOnlyList<IChunkRetriever> _retrievers;
    private readonly IReadOnlyList<double> _weights;

    /// <param name="retrievers">The retrievers to merge (at least two).</param>
    /// <param name="method">How their rankings are merged.</param>
    /// <param name="weights">One weight per retriever for <see cref="FusionMethod.WeightedScore"/>; equal weights when null. Ignored by reciprocal-rank fusion.</param>
    /// <param name="candidates">Chunks taken from each retriever before merging.</param>
    public HybridRetriever(IReadOnlyList<IChunkRetriever> retrievers, FusionMethod method, IReadOnlyList<double>? weights = null, int candidates = 50)
    {
        ArgumentNullException.ThrowIfNull(retrievers);
        if (retrievers.Count < 2 || retrievers.Any(r => r is null))
        {
            throw new ArgumentException("a hybrid retriever merges at least two retrievers", nameof(retrievers));
        }
        if (weights is not null && (weights.Count != retrievers.Count || weights.Any(w => w < 0 || !double.IsFinite(w))))
        {
            throw new ArgumentException($"give one finite weight of at least 0 for each of the {retrievers.Count} retrievers", nameof(weights));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        (_retrievers, Method, Candidates) = (retrievers, method, candidates);
        _weights = weights ?? Enumerable.Repeat(1.0 / retrievers.Count, retrievers.Count).ToArray();
    }

    public string Name => $"hybrid ({(Method == FusionMethod.ReciprocalRank ? "rrf" : "weighted")})";

    /// <summary>How the rankings are merged.</summary>
    public FusionMethod Method { get; }

    /// <summary>Chunks taken from each retriever before merging.</summary>
    public int Candidates { get; }

    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var rankings = new List<IReadOnlyList<RetrievedChunk>>();
        foreach (var retriever in _retrievers)
        {
            rankings.Add(await retriever.RetrieveAsync(query, Math.Max(top, Candidates), cancellationToken).ConfigureAwait(false));
        }
        return Method == FusionMethod.ReciprocalRank
            ? RankFusion.Reciprocal(rankings, top)
            : RankFusion.Weighted(rankings, _weights, top);
    }
}
