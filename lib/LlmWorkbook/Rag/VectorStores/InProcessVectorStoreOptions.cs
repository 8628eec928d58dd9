using Microsoft.Extensions.AI;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>Settings shared by the collections of an <see cref="InProcessVectorStore"/>.</summary>
public sealed record InProcessVectorStoreOptions
{
    /// <summary>
    /// Turns text queries into vectors for collections whose definition names no generator
    /// (an <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>).
    /// </summary>
    public IEmbeddingGenerator? EmbeddingGenerator { get; init; }

    /// <summary>The graph settings of collections whose vector property asks for <see cref="Microsoft.Extensions.VectorData.IndexKind.Hnsw"/>.</summary>
    public HnswConfig Hnsw { get; init; } = new();
}
