using LlmWorkbook.Gpt;

namespace LlmWorkbook.Rag;

/// <summary>
/// The shape of a <see cref="BiEncoder"/>: token embeddings of the course tokenizer's vocabulary, <see cref="Layers"/>
/// transformer blocks of the course GPT's kind (none: a bag of token vectors), the mean over the tokens and a
/// projection to <see cref="OutputDim"/> dimensions. The mean may weight each token by a learned score
/// (<see cref="WeightedPooling"/>).
/// </summary>
/// <param name="VocabSize">Tokens in the vocabulary.</param>
/// <param name="MaxTokens">A text's tokens beyond this many are cut off (and the rows of the position table).</param>
/// <param name="Layers">Transformer blocks; 0 for none (then there are no position embeddings either).</param>
/// <param name="Heads">Attention heads per block; they divide <paramref name="EmbeddingDim"/>.</param>
/// <param name="EmbeddingDim">The width of every token's vector.</param>
/// <param name="OutputDim">The embedding's dimensions.</param>
/// <param name="Dropout">Dropout probability in training (embeddings, attention, residual branches).</param>
/// <param name="WeightedPooling">Pool by a weighted mean, each token weighted by exp of a learned score of its own
/// (all scores start at 0, a plain mean), so that training can learn which tokens matter, as BM25's idf says by counting.</param>
public sealed record BiEncoderConfig(
    int VocabSize,
    int MaxTokens = 256,
    int Layers = 1,
    int Heads = 4,
    int EmbeddingDim = 256,
    int OutputDim = 128,
    double Dropout = 0.0,
    bool WeightedPooling = false)
{
    /// <summary>The blocks' shape as a <see cref="GptConfig"/>, so that the course GPT's blocks fit them.</summary>
    public GptConfig BlockConfig() => new(VocabSize, ContextLength: MaxTokens, Layers: Layers, Heads: Heads, EmbeddingDim: EmbeddingDim, Dropout: Dropout, Bias: true);

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming <paramref name="argumentName"/> unless every size is positive
    /// (layers may be 0), the heads divide the width, and dropout is in [0, 1).
    /// </summary>
    public void Check(string argumentName)
    {
        if (VocabSize < 1 || MaxTokens < 1 || Layers < 0 || Heads < 1 || EmbeddingDim < 1 || OutputDim < 1
            || EmbeddingDim % Heads != 0 || !(Dropout >= 0 && Dropout < 1))
        {
            throw new ArgumentException(
                $"a bi-encoder needs positive sizes (layers may be 0), heads that divide the width, and dropout in [0, 1): {this}", argumentName);
        }
    }
}
