using LlmWorkbook.Embeddings;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.Embeddings;

public sealed class MeanPoolingEmbeddingGeneratorTests
{
    private static readonly WordEmbeddings Table = WordEmbeddings.Random(["the", "army", "navy", "tariff", "trade"], 8, seed: 11);

    [Fact]
    public async Task Vectors_have_the_model_dimension_and_unit_length()
    {
        using IEmbeddingGenerator<string, Embedding<float>> generator = new MeanPoolingEmbeddingGenerator(Table);
        var embeddings = await generator.GenerateAsync(["The army and the navy.", "Tariff, trade!", "unknown words only"]);
        Assert.Equal(3, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(8, e.Dimensions));
        Assert.Equal(1, VectorMath.Norm(embeddings[0].Vector.Span), 5);
        Assert.Equal(1, VectorMath.Norm(embeddings[1].Vector.Span), 5);
        Assert.Equal(VectorMath.Normalized(Table.MeanPool(["tariff", "trade"])), embeddings[1].Vector.ToArray());
        Assert.All(embeddings[2].Vector.ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(10, embeddings.Usage!.InputTokenCount); // 5 + 2 + 3 words
    }

    [Fact]
    public async Task The_same_text_gives_the_same_vector()
    {
        using var generator = new MeanPoolingEmbeddingGenerator(Table);
        var first = await generator.GenerateVectorAsync("trade and the tariff");
        var second = await generator.GenerateVectorAsync("trade and the tariff");
        Assert.Equal(first.ToArray(), second.ToArray());
        var expected = VectorMath.Normalized(Table.MeanPool(["trade", "the", "tariff"]));
        Assert.Equal(expected, first.ToArray());
    }

    [Fact]
    public async Task Metadata_and_options()
    {
        using var generator = new MeanPoolingEmbeddingGenerator(Table, "course-words");
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal(8, metadata.DefaultModelDimensions);
        Assert.Equal("course-words", metadata.DefaultModelId);
        Assert.Same(Table, generator.GetService<WordEmbeddings>());
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>(serviceKey: "other"));
        await Assert.ThrowsAsync<NotSupportedException>(() =>
            generator.GenerateAsync(["army"], new EmbeddingGenerationOptions { Dimensions = 16 }));
    }
}
