using LlmWorkbook.Embeddings;
using LlmWorkbook.Rag;
using LlmWorkbook.Rag.VectorStores;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.Rag;

public sealed class DenseRetrieverTests
{
    private static readonly Chunk[] Chunks =
    [
        new("a", 1862, "Abraham Lincoln", "Republican", 0, 0, "navy navy war"),
        new("b", 1905, "Theodore Roosevelt", "Republican", 0, 0, "navy"),
        new("c", 1934, "Franklin D. Roosevelt", "Democratic", 0, 0, "tax trade"),
        new("d", 1946, "Harry S. Truman", "Democratic", 0, 0, "navy army"),
    ];

    private static async Task<(DenseRetriever Retriever, MeanPoolingEmbeddingGenerator Generator)> Loaded()
    {
        var generator = new MeanPoolingEmbeddingGenerator(WordEmbeddings.Random(["war", "navy", "tax", "trade", "army"], 16, seed: 3));
        var collection = new InProcessVectorStore().GetCollection<string, ChunkRecord>("chunks", ChunkRecord.Definition(16));
        await DenseRetriever.LoadAsync(collection, Chunks, generator, batchSize: 3);
        return (new DenseRetriever(collection, generator, "dense (test)"), generator);
    }

    [Fact]
    public async Task It_ranks_the_loaded_chunks_by_cosine_to_the_embedded_query()
    {
        var (retriever, generator) = await Loaded();

        var hits = await retriever.RetrieveAsync("navy", 4);

        var query = (await generator.GenerateVectorAsync("navy")).ToArray();
        var vectors = await Task.WhenAll(Chunks.Select(async c => (await generator.GenerateVectorAsync(c.Text)).ToArray()));
        var expected = Chunks.Select((c, i) => (c.Id, Score: VectorMath.Dot(query, vectors[i])));
        Assert.Equal(expected.OrderByDescending(e => e.Score).Select(e => e.Id), hits.Select(h => h.Chunk.Id));
        Assert.Equal("b", hits[0].Chunk.Id);
        Assert.Equal(1.0, hits[0].Score, 5);
        Assert.Equal(Chunks[1], hits[0].Chunk);
        generator.Dispose();
    }

    [Fact]
    public async Task A_filter_keeps_only_the_chunks_it_accepts()
    {
        var (retriever, generator) = await Loaded();
        var (from, to) = (1900, 1940);

        var hits = await retriever.WithFilter(r => r.Year >= from && r.Year <= to && r.Party == "Republican").RetrieveAsync("navy", 4);

        Assert.Equal(["b"], hits.Select(h => h.Chunk.Id));
        generator.Dispose();
    }
}
