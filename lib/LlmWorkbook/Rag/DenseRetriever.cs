using System.Linq.Expressions;
using LlmWorkbook.Rag.VectorStores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Rag;

/// <summary>
/// Dense retrieval: the query embedded by an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> and the nearest
/// chunks found by a Microsoft.Extensions.VectorData collection — in process or on PostgreSQL, the same code.
/// </summary>
public sealed class DenseRetriever : IChunkRetriever
{
    private readonly VectorStoreCollection<string, ChunkRecord> _collection;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly Expression<Func<ChunkRecord, bool>>? _filter;

    /// <param name="collection">Chunk records embedded by <paramref name="embedder"/> (see <see cref="LoadAsync"/>).</param>
    /// <param name="embedder">The embedding model of the records.</param>
    /// <param name="name">The retriever's name in tables, e.g. "dense (retriever)".</param>
    /// <param name="filter">A metadata filter every search applies (e.g. a year range), or null.</param>
    public DenseRetriever(
        VectorStoreCollection<string, ChunkRecord> collection, IEmbeddingGenerator<string, Embedding<float>> embedder, string name = "dense",
        Expression<Func<ChunkRecord, bool>>? filter = null)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        (_collection, _embedder, Name, _filter) = (collection, embedder, name, filter);
    }

    public string Name { get; }

    /// <summary>The same retriever with a metadata filter on every search.</summary>
    public DenseRetriever WithFilter(Expression<Func<ChunkRecord, bool>> filter, string? name = null) =>
        new(_collection, _embedder, name ?? Name + " (filtered)", filter ?? throw new ArgumentNullException(nameof(filter)));

    public async Task<IReadOnlyList<RetrievedChunk>> RetrieveAsync(string query, int top, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var vector = await _embedder.GenerateVectorAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false);
        var options = new VectorSearchOptions<ChunkRecord> { Filter = _filter };
        var hits = new List<RetrievedChunk>();
        await foreach (var hit in _collection.SearchAsync(vector, top, options, cancellationToken).ConfigureAwait(false))
        {
            hits.Add(new RetrievedChunk(hit.Record.ToChunk(), hit.Score ?? double.NaN));
        }
        return hits;
    }

    /// <summary>Creates the collection if needed and upserts every chunk with its embedding, <paramref name="batchSize"/> chunks per embedding request.</summary>
    public static async Task LoadAsync(
        VectorStoreCollection<string, ChunkRecord> collection, IEnumerable<Chunk> chunks, IEmbeddingGenerator<string, Embedding<float>> embedder,
        int batchSize = 256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await collection.EnsureCollectionExistsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var batch in chunks.Chunk(batchSize))
        {
            var embeddings = await embedder.GenerateAsync(batch.Select(c => c.Text), cancellationToken: cancellationToken).ConfigureAwait(false);
            await collection.UpsertAsync(batch.Select((c, i) => ChunkRecord.From(c, embeddings[i].Vector)), cancellationToken).ConfigureAwait(false);
        }
    }
}
