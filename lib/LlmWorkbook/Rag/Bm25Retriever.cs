namespace LlmWorkbook.Rag;

/// <summary>Lexical retrieval: the chunks ranked by <see cref="Bm25Index"/>.</summary>
public sealed class Bm25Retriever : IChunkRetriever
{
    private readonly Dictionary<string, Chunk> _chunks;

    /// <param name="chunks">The chunks to search (ids unique).</param>
    /// <param name="k1">BM25's term-frequency saturation.</param>
    /// <param name="b">BM25's length normalization.</param>
    public Bm25Retriever(IEnumerable<Chunk> chunks, double k1 = 1.2, double b = 0.75)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var list = chunks.ToList();
        Index = new Bm25Index(list.Select(c => (c.Id, c.Text)), k1, b);
        _chunks = list.ToDictionary(c => c.Id);
    }

    public string Name => "bm25";

    /// <summary>The index the chunks are scored with.</summary>
    public Bm25Index Index { get; }

    public Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<RetrievedChunk> hits = Index.Search(query, top).Select(h => new RetrievedChunk(_chunks[h.Id], h.Score)).ToList();
        return Task.FromResult(hits);
    }
}
