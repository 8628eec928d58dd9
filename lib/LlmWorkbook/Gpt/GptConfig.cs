namespace LlmWorkbook.Gpt;

/// <summary>The shape of a GPT. ContextLength is the longest sequence it sees (its number of positions).</summary>
public sealed record GptConfig(
    int VocabSize,
    int ContextLength = 256,
    int Layers = 4,
    int Heads = 4,
    int EmbeddingDim = 256,
    double Dropout = 0.0,
    bool Bias = true)
{
    public int HeadDim => EmbeddingDim / Heads;

    /// <summary>
    /// The parameter count by hand. Embeddings: V·C tokens + T·C positions. Each block: two layer norms (2C each,
    /// C without bias), attention QKV C·3C (+3C) and output C·C (+C), MLP C·4C (+4C) and 4C·C (+C) = 12C² + 13C with
    /// biases. A final layer norm. The output head reuses the token embedding (weight tying), so it adds nothing.
    /// </summary>
    public long ParameterCount
    {
        get
        {
            long c = EmbeddingDim;
            var layerNorm = Bias ? 2 * c : c;
            var block = 2 * layerNorm + 12 * c * c + (Bias ? 9 * c : 0);
            return (long)VocabSize * c + (long)ContextLength * c + Layers * block + layerNorm;
        }
    }

    /// <summary>The weights a forward pass multiplies each token by: all but the position table (a lookup).</summary>
    public long MatmulParameterCount => ParameterCount - (long)ContextLength * EmbeddingDim;
}
