using Microsoft.Extensions.AI;

namespace LlmWorkbook.Embeddings;

/// <summary>
/// The course's own embedding model behind Microsoft.Extensions.AI's <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>:
/// a text's embedding is the mean of its words' unit vectors (see <see cref="WordEmbeddings.MeanPool(string)"/>),
/// scaled to length 1 so that a dot product is a cosine. Code written against the interface (the RAG chapter's
/// vector store, for one) runs unchanged on this or on a hosted embedding model.
/// </summary>
public sealed class MeanPoolingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ProviderName = "llm-workbook";

    private readonly EmbeddingGeneratorMetadata _metadata;

    public MeanPoolingEmbeddingGenerator(WordEmbeddings embeddings, string modelId = "skipgram-mean-pooling")
    {
        Embeddings = embeddings;
        ModelId = modelId;
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, providerUri: null, defaultModelId: modelId, defaultModelDimensions: embeddings.Dimension);
    }

    public WordEmbeddings Embeddings { get; }

    public string ModelId { get; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is int wanted && wanted != Embeddings.Dimension)
        {
            throw new NotSupportedException($"this model makes {Embeddings.Dimension}-dimensional embeddings, not {wanted}.");
        }
        if (options?.ModelId is { } model && model != ModelId)
        {
            throw new NotSupportedException($"this generator serves the model '{ModelId}', not '{model}'.");
        }
        var result = new GeneratedEmbeddings<Embedding<float>>();
        long words = 0;
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tokens = WordTokenizer.Words(value).ToList();
            words += tokens.Count;
            var vector = VectorMath.Normalized(Embeddings.MeanPool(tokens));
            result.Add(new Embedding<float>(vector) { ModelId = ModelId });
        }
        result.Usage = new UsageDetails { InputTokenCount = words, TotalTokenCount = words };
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(Embeddings) ? Embeddings
            : null;
    }

    public void Dispose()
    {
    }
}
