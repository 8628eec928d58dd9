using Microsoft.Extensions.VectorData;

namespace LlmWorkbook.Rag.VectorStores;

/// <summary>
/// A <see cref="Chunk"/> with its embedding, as the course's vector stores keep it. The attributes describe it for
/// any Microsoft.Extensions.VectorData store; since the vector's length depends on the embedding model, collections
/// are made with <see cref="Definition"/> for the model's dimension (the attribute's 64 is the CI-sized course word vectors).
/// </summary>
public sealed class ChunkRecord
{
    /// <summary>The chunk's id, e.g. "1862-lincoln-004".</summary>
    [VectorStoreKey]
    public string Id { get; set; } = "";

    /// <summary>The address's year.</summary>
    [VectorStoreData(IsIndexed = true)]
    public int Year { get; set; }

    /// <summary>Who gave the address.</summary>
    [VectorStoreData(IsIndexed = true)]
    public string President { get; set; } = "";

    /// <summary>The president's party.</summary>
    [VectorStoreData(IsIndexed = true)]
    public string Party { get; set; } = "";

    /// <summary>The first sentence of the address the chunk overlaps.</summary>
    [VectorStoreData]
    public int FirstSentence { get; set; }

    /// <summary>The last sentence of the address the chunk overlaps.</summary>
    [VectorStoreData]
    public int LastSentence { get; set; }

    /// <summary>The chunk's text.</summary>
    [VectorStoreData]
    public string Text { get; set; } = "";

    /// <summary>The chunk's embedding, compared by cosine similarity.</summary>
    [VectorStoreVector(64, DistanceFunction = DistanceFunction.CosineSimilarity, IndexKind = IndexKind.Flat)]
    public ReadOnlyMemory<float> Embedding { get; set; }

    /// <summary>
    /// The collection definition for embeddings of <paramref name="dimensions"/> floats: the attributes' schema with that
    /// length, searched exactly (<see cref="IndexKind.Flat"/>) or by an approximate index (<see cref="IndexKind.Hnsw"/>).
    /// </summary>
    public static VectorStoreCollectionDefinition Definition(int dimensions, string indexKind = IndexKind.Flat)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentNullException.ThrowIfNull(indexKind);
        return new VectorStoreCollectionDefinition
        {
            Properties =
            [
                new VectorStoreKeyProperty(nameof(Id), typeof(string)),
                new VectorStoreDataProperty(nameof(Year), typeof(int)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(President), typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(Party), typeof(string)) { IsIndexed = true },
                new VectorStoreDataProperty(nameof(FirstSentence), typeof(int)),
                new VectorStoreDataProperty(nameof(LastSentence), typeof(int)),
                new VectorStoreDataProperty(nameof(Text), typeof(string)),
                new VectorStoreVectorProperty(nameof(Embedding), typeof(ReadOnlyMemory<float>), dimensions)
                {
                    DistanceFunction = DistanceFunction.CosineSimilarity,
                    IndexKind = indexKind,
                },
            ],
        };
    }

    /// <summary>The record for <paramref name="chunk"/> with its <paramref name="embedding"/>.</summary>
    public static ChunkRecord From(Chunk chunk, ReadOnlyMemory<float> embedding)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new ChunkRecord
        {
            Id = chunk.Id,
            Year = chunk.Year,
            President = chunk.President,
            Party = chunk.Party,
            FirstSentence = chunk.FirstSentence,
            LastSentence = chunk.LastSentence,
            Text = chunk.Text,
            Embedding = embedding,
        };
    }

    /// <summary>The chunk this record stores (without its embedding).</summary>
    public Chunk ToChunk() => new(Id, Year, President, Party, FirstSentence, LastSentence, Text);
}
