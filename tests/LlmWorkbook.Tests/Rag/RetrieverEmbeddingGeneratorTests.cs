using LlmWorkbook.Gpt;
using LlmWorkbook.Rag;
using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmWorkbook.Tests.Rag;

[Collection(TorchGlobalGenerator.Name)]
public sealed class RetrieverEmbeddingGeneratorTests
{
    internal static readonly ByteLevelBpeTokenizer Tokenizer = CourseGpt.LoadTokenizer(WorkbookPaths.CommittedData(CourseGpt.TokenizerPath));

    private static readonly BiEncoderConfig Small = BiEncoderTests.Tiny with { VocabSize = CourseGpt.VocabSize, MaxTokens = 12, WeightedPooling = true };

    private static readonly string[] Texts =
    [
        "The army and the navy.",
        "Tariff",
        "The revenue from customs has increased during the year, and the expenditures have been reduced.",
        "",
        "Peace with the Indian tribes",
    ];

    [Fact]
    public async Task Vectors_have_the_model_dimension_unit_length_and_come_back_in_order()
    {
        using var model = new BiEncoder(Small, seed: 4);
        using IEmbeddingGenerator<string, Embedding<float>> generator = new RetrieverEmbeddingGenerator(model, Tokenizer, batchSize: 2);
        var embeddings = await generator.GenerateAsync(Texts);

        Assert.Equal(Texts.Length, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(4, e.Dimensions));
        Assert.All(embeddings, e => Assert.Equal("course-retriever", e.ModelId));
        for (var i = 0; i < Texts.Length; i++)
        {
            var alone = await generator.GenerateVectorAsync(Texts[i]);
            Assert.Equal(alone.ToArray(), embeddings[i].Vector.ToArray(), (a, b) => Math.Abs(a - b) < 1e-6f);
            var norm = Math.Sqrt(alone.ToArray().Sum(x => (double)x * x));
            Assert.Equal(Texts[i].Length == 0 ? 0 : 1, norm, 5);
        }
        // Tokens after the cut at MaxTokens (12) are not counted.
        Assert.Equal(Texts.Sum(t => Math.Min(12, Tokenizer.Encode(t).Count)), embeddings.Usage!.InputTokenCount);
        Assert.True(Tokenizer.Encode(Texts[2]).Count > 12);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_vectors()
    {
        using var first = new BiEncoder(Small, seed: 9);
        using var second = new BiEncoder(Small, seed: 9);
        var a = await new RetrieverEmbeddingGenerator(first, Tokenizer).GenerateAsync(Texts);
        var b = await new RetrieverEmbeddingGenerator(second, Tokenizer).GenerateAsync(Texts);
        Assert.Equal(a.Select(e => e.Vector.ToArray()), b.Select(e => e.Vector.ToArray()));
    }

    [Fact]
    public async Task Metadata_options_and_arguments_are_checked()
    {
        using var model = new BiEncoder(Small);
        using var generator = new RetrieverEmbeddingGenerator(model, Tokenizer, "retriever-test");
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal(4, metadata.DefaultModelDimensions);
        Assert.Equal("retriever-test", metadata.DefaultModelId);
        Assert.Equal(RetrieverEmbeddingGenerator.ProviderName, metadata.ProviderName);
        Assert.Same(model, generator.GetService<BiEncoder>());
        Assert.Same(Tokenizer, generator.GetService<ByteLevelBpeTokenizer>());
        Assert.Null(generator.GetService<EmbeddingGeneratorMetadata>(serviceKey: "other"));

        await Assert.ThrowsAsync<NotSupportedException>(() => generator.GenerateAsync(["army"], new EmbeddingGenerationOptions { Dimensions = 8 }));
        await Assert.ThrowsAsync<NotSupportedException>(() => generator.GenerateAsync(["army"], new EmbeddingGenerationOptions { ModelId = "other" }));
        var ok = await generator.GenerateAsync(["army"], new EmbeddingGenerationOptions { Dimensions = 4, ModelId = "retriever-test" });
        Assert.Single(ok);
        await Assert.ThrowsAsync<ArgumentNullException>(() => generator.GenerateAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["army", null!]));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["army"], cancellationToken: cancelled.Token));

        Assert.Throws<ArgumentOutOfRangeException>(() => new RetrieverEmbeddingGenerator(model, Tokenizer, batchSize: 0));
        Assert.Throws<ArgumentException>(() => new RetrieverEmbeddingGenerator(model, Tokenizer, modelId: " "));
        Assert.Throws<ArgumentNullException>(() => new RetrieverEmbeddingGenerator(null!, Tokenizer));
        using var small = new BiEncoder(BiEncoderTests.Tiny);
        Assert.Throws<ArgumentException>(() => new RetrieverEmbeddingGenerator(small, Tokenizer));
    }
}
