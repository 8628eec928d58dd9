using System.Text.Json.Serialization;

namespace LlmWorkbook.Gpt;

/// <summary>The shape of a GPT. ContextLength is the longest sequence it sees (its number of positions).</summary>
/// <param name="VocabSize">Tokens in the vocabulary.</param>
/// <param name="ContextLength">The longest sequence, and the rows of the position table.</param>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="Heads">Attention heads per block; they divide <paramref name="EmbeddingDim"/>.</param>
/// <param name="EmbeddingDim">The width C of every token's vector.</param>
/// <param name="Dropout">Dropout probability in training (attention weights, residual branches, embeddings).</param>
/// <param name="Bias">Whether linear layers and layer norms have biases.</param>
/// <param name="TanhGelu">The MLP's GELU by the tanh approximation GPT-2 was trained with, instead of the exact
/// erf form the course model uses.</param>
public sealed record GptConfig(
    int VocabSize,
    int ContextLength = 256,
    int Layers = 4,
    int Heads = 4,
    int EmbeddingDim = 256,
    double Dropout = 0.0,
    bool Bias = true,
    // Left out of the JSON when false, so checkpoints of the course model keep their bytes.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool TanhGelu = false)
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
