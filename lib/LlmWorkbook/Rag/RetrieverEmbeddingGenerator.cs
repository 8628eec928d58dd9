using LlmWorkbook.Tokenization;
using Microsoft.Extensions.AI;
using static TorchSharp.torch;

namespace LlmWorkbook.Rag;

/// <summary>
/// A retriever the course trains (<see cref="BiEncoder"/>) behind Microsoft.Extensions.AI's
/// <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>: each text is encoded with the course tokenizer (cut after
/// <see cref="BiEncoderConfig.MaxTokens"/> tokens) and embedded as a unit vector, so that a dot product is a cosine.
/// Texts are embedded in batches of similar length (less padding); each embedding is, up to rounding, what the text gets alone.
/// Code written against the interface (the vector store, hybrid search) runs unchanged on this or a hosted model.
/// </summary>
public sealed class RetrieverEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The provider name in the metadata, the same as the other course models'.</summary>
    public const string ProviderName = Embeddings.MeanPoolingEmbeddingGenerator.ProviderName;

    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <param name="model">The trained encoder; the generator puts it in evaluation mode while it embeds.</param>
    /// <param name="tokenizer">The tokenizer of the encoder's vocabulary.</param>
    /// <param name="modelId">The id the metadata and every embedding carry.</param>
    /// <param name="batchSize">Texts per forward pass.</param>
    public RetrieverEmbeddingGenerator(BiEncoder model, ByteLevelBpeTokenizer tokenizer, string modelId = "course-retriever", int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (tokenizer.VocabSize > model.Config.VocabSize)
        {
            throw new ArgumentException($"the tokenizer has {tokenizer.VocabSize} tokens but the model only {model.Config.VocabSize}", nameof(tokenizer));
        }
        (Model, Tokenizer, ModelId, BatchSize) = (model, tokenizer, modelId, batchSize);
        _metadata = new EmbeddingGeneratorMetadata(ProviderName, providerUri: null, defaultModelId: modelId, defaultModelDimensions: model.Config.OutputDim);
    }

    /// <summary>The encoder.</summary>
    public BiEncoder Model { get; }

    /// <summary>The tokenizer texts are encoded with.</summary>
    public ByteLevelBpeTokenizer Tokenizer { get; }

    /// <summary>The model id of the metadata and of every embedding.</summary>
    public string ModelId { get; }

    /// <summary>Texts per forward pass.</summary>
    public int BatchSize { get; }

    /// <summary>Embeds the texts, in order; the usage counts their tokens (after the cut).</summary>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is int wanted && wanted != Model.Config.OutputDim)
        {
            throw new NotSupportedException($"this model makes {Model.Config.OutputDim}-dimensional embeddings, not {wanted}.");
        }
        if (options?.ModelId is { } id && id != ModelId)
        {
            throw new NotSupportedException($"this generator serves the model '{ModelId}', not '{id}'.");
        }
        var texts = values.ToList();
        if (texts.Any(t => t is null))
        {
            throw new ArgumentException("a text to embed is null", nameof(values));
        }
        var tokens = texts.Select(t => Model.Tokenize(Tokenizer, t)).ToList();
        var vectors = new float[texts.Count][];
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokens[i].Count).ToArray();
        var wasTraining = Model.training;
        Model.eval();
        try
        {
            using var _ = no_grad();
            for (var start = 0; start < order.Length; start += BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var batch = order.Skip(start).Take(BatchSize).ToArray();
                var (ids, mask) = BiEncoder.Pad(batch.Select(i => tokens[i]).ToList());
                var embedded = Model.forward(ids, mask).contiguous().data<float>().ToArray();         // (b · D)
                var d = Model.Config.OutputDim;
                for (var k = 0; k < batch.Length; k++)
                {
                    vectors[batch[k]] = embedded[(k * d)..((k + 1) * d)];
                }
            }
        }
        finally
        {
            Model.train(wasTraining);
        }
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId }));
        long count = tokens.Sum(t => t.Count);
        result.Usage = new UsageDetails { InputTokenCount = count, TotalTokenCount = count };
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(Model) ? Model
            : serviceType.IsInstanceOfType(Tokenizer) ? Tokenizer
            : null;
    }

    /// <summary>Leaves the model to its owner (as the mean-pooling generator leaves its word vectors).</summary>
    public void Dispose()
    {
    }
}
