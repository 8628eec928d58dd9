namespace LlmWorkbook.Rag;

/// <summary>Takes <see cref="Candidates"/> chunks from another retriever and reorders them with a <see cref="QueryLikelihoodReranker"/>.</summary>
public sealed class RerankingRetriever : IChunkRetriever
{
    private readonly IChunkRetriever _inner;
    private readonly QueryLikelihoodReranker _reranker;

    /// <param name="inner">The first-stage retriever.</param>
    /// <param name="reranker">What reorders its candidates.</param>
    /// <param name="candidates">Chunks taken from the first stage (the reranker's cost grows with it).</param>
    public RerankingRetriever(IChunkRetriever inner, QueryLikelihoodReranker reranker, int candidates = 20)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(reranker);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        (_inner, _reranker, Candidates) = (inner, reranker, candidates);
    }

    public string Name => _inner.Name + " + rerank";

    /// <summary>Chunks taken from the first stage.</summary>
    public int Candidates { get; }

    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var candidates = await _inner.RetrieveAsync(query, Math.Max(top, Candidates), cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return candidates.Count == 0 ? candidates : _reranker.Rerank(query, candidates, top);
    }
}
